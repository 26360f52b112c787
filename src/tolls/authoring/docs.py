"""`tolls docs`: regenerate what the documentation shows of the data, so a correct contribution only has to
run one command: the resources' hash and bytes in datapackage.json, CODEBOOK.md, and in README.md and docs/*.md
the output under each block marked `<!-- hxl-recipe -->` (run on the HXL export) or `<!-- csv-recipe -->` (on
the CSV export), each block marked `<!-- query: NAME -->` (the query run on a database built from the package, as
`tolls query --format csv` prints it), the output under each `<!-- run: python -->` block that shows one (what
the block prints, run from the package root), and the quoted lines under each `<!-- answer: NAME key=value ... -->`
line: the sentence tolls.outputs.answers.answer(db, NAME, key=value, ...) makes from the views.

`--check` (in CI) compares without writing and names the stale files.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import tempfile
import textwrap
from pathlib import Path

from tolls.outputs.codebook import render_codebook
from tolls.package.loading import Package

__all__ = ["ANSWER_BLOCK", "QUERY_BLOCK", "RUN_BLOCK", "DocsError", "render_docs", "stale_docs", "write_docs"]

QUERY_BLOCK = re.compile(
    r"(<!-- query: (?P<name>[a-z0-9-]+) -->\s*```sql\n(?P<sql>.*?)```\s*```text\n)(?P<out>.*?)(```)", re.S
)
RUN_BLOCK = re.compile(r"(<!-- run: python -->\s*```python\n(?P<code>.*?)```\s*```text\n)(?P<out>.*?)(```)", re.S)
# the HXL recipe reads build/hxl/ as `tolls export --hxl` writes it, from the package root
HXL_BLOCK = re.compile(r"(<!-- hxl-recipe -->\s*```python\n(?P<code>.*?)```\s*```text\n)(?P<out>.*?)(```)", re.S)
# the flags recipe reads build/csv/ as `tolls export --csv` writes it, from the package root
CSV_BLOCK = re.compile(r"(<!-- csv-recipe -->\s*```python\n(?P<code>.*?)```\s*```text\n)(?P<out>.*?)(```)", re.S)
# an answer in words: the marker line, then the sentence as quoted lines ('> ...'), which `tolls docs` writes
ANSWER_BLOCK = re.compile(r"(<!-- answer: (?P<name>[a-z_-]+)(?P<args>(?: [a-z_]+=[^\s>]+)*) -->\n)(?P<out>(?:>.*\n)*)")
ANSWER_WIDTH = 118  # the quoted lines, '> ' included, fit the 120 columns the project's files keep
FIX_HINT = "run `tolls docs` and commit the result"


class DocsError(ValueError):
    """A page asks for an output that cannot be made (an answer that does not exist); the message names the page."""


def _csv(columns: list[str], rows: list[tuple]) -> str:
    from tolls.outputs.terminal import format_value

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([format_value(v) for v in row] for row in rows)
    return buf.getvalue()


def _run_python(code: str, root: Path) -> str:
    out = io.StringIO()
    here, env = Path.cwd(), os.environ.get("TOLLS_ROOT")
    os.environ["TOLLS_ROOT"] = str(root)
    try:
        os.chdir(root)
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(here)
        if env is None:
            os.environ.pop("TOLLS_ROOT", None)
        else:
            os.environ["TOLLS_ROOT"] = env
    return out.getvalue().strip() + "\n"


def _answer(db: Path, m: re.Match[str], page: str) -> str:
    """The sentence an answer marker asks for, as quoted lines."""
    from tolls.outputs.answers import AnswerError, answer

    params = dict(arg.split("=", 1) for arg in m["args"].split())
    try:
        text = answer(db, m["name"], **params)
    except AnswerError as exc:
        line = m.string.count("\n", 0, m.start()) + 1
        raise DocsError(f"{page}, line {line}: {exc}") from None
    lines = textwrap.wrap(text, ANSWER_WIDTH - 2, break_long_words=False, break_on_hyphens=False)
    return m.group(1) + "".join(f"> {line}\n" for line in lines)


def render_readme(pkg: Package, readme: str, page: str = "README.md") -> str:
    """The README with every query and Python block's output, and every answer, as the package gives it now."""
    from tolls.database.build import build_database, run_query

    with tempfile.TemporaryDirectory(prefix="tolls-docs-") as tmp:
        db = build_database(pkg, Path(tmp))

        def query(m: re.Match[str]) -> str:
            return m.group(1) + _csv(*run_query(db, m["sql"].strip())) + m.group(5)

        readme = QUERY_BLOCK.sub(query, readme)
        readme = ANSWER_BLOCK.sub(lambda m: _answer(db, m, page), readme)
        if HXL_BLOCK.search(readme):
            from tolls.outputs.hxl import export_hxl

            export_hxl(pkg, Path(tmp) / "build" / "hxl", db)
            readme = HXL_BLOCK.sub(lambda m: m.group(1) + _run_python(m["code"], Path(tmp)) + m.group(4), readme)
        if CSV_BLOCK.search(readme):
            from tolls.outputs.csv_export import export_views_csv

            export_views_csv(db, Path(tmp) / "build")
            readme = CSV_BLOCK.sub(lambda m: m.group(1) + _run_python(m["code"], Path(tmp)) + m.group(4), readme)
    return RUN_BLOCK.sub(lambda m: m.group(1) + _run_python(m["code"], pkg.root) + m.group(4), readme)


def render_docs(pkg: Package) -> dict[Path, str]:
    """Each generated file's path and the text it should have."""
    from tolls.package.descriptor import render, update_descriptor_hashes

    # the resources' hash and bytes in datapackage.json follow their files
    docs = {
        pkg.root / "datapackage.json": render(update_descriptor_hashes(pkg)),
        pkg.root / "CODEBOOK.md": render_codebook(pkg),
    }
    for page in [pkg.root / "README.md", *sorted((pkg.root / "docs").glob("*.md"))]:  # the pages with outputs
        text = page.read_text(encoding="utf-8") if page.is_file() else ""
        if any(block.search(text) for block in (QUERY_BLOCK, RUN_BLOCK, HXL_BLOCK, ANSWER_BLOCK)):
            docs[page] = render_readme(pkg, text, page.name)
    from tolls.database.build import CSV_SCRIPT, csv_script

    if CSV_SCRIPT.resolve().is_relative_to(pkg.root.resolve()):  # the repository's own package, in a clone
        docs[CSV_SCRIPT] = csv_script(pkg)  # the DuckDB CLI's script follows the descriptor's columns
    return docs


def stale_docs(pkg: Package) -> list[Path]:
    return [p for p, text in render_docs(pkg).items() if not p.is_file() or p.read_text(encoding="utf-8") != text]


def write_docs(pkg: Package) -> list[Path]:
    """Write the stale ones; return what was written."""
    from tolls.files import write_atomic

    written = []
    for path, text in render_docs(pkg).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
            written.append(path)
    return written
