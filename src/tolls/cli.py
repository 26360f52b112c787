"""The command line: a thin layer, each command a few lines over a library function.

Exit codes: 0 clean, 1 the package has problems (they are listed), 2 the command could not run (a usage
error, a bad argument, a missing build), 130 interrupted (Ctrl-C), 141 the reader of the output went away
(`tolls ranges | head -1`: 128 + SIGPIPE, as a shell reports a program a closed pipe stopped).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path

from tolls.database.errors import QueryError, ViewSchemaError
from tolls.files import release_memory_promptly
from tolls.package.loading import Package, PackageError

EXAMPLES = """examples:
  tolls validate                      check every file, row and field; exit 1 on any problem
  tolls validate --format json        the same problems as JSON
  tolls build                         validate, then write build/tolls.duckdb and print the ranges
  tolls build --format json | jq .    the same, with only the ranges (every column) on stdout
  tolls ranges --event 2025-03-coast  the range of reported tolls for one event
  tolls ranges --format json          every column of event_ranges, for programs
  tolls query "SELECT * FROM event_ranges" --format csv
  tolls extract seeds/003_8e9320cdf299b3f9.txt --format csv
  tolls add article.txt --kind news --published 2025-03-13   copy a text in and draft its rows
  tolls add --url URL --counter sohr --figure '1,386'         a cited page and a figure typed from it
  tolls validate --fix --dry-run      show the fixes validation knows (offsets, sha256, intervals)
  tolls docs                          regenerate CODEBOOK.md, the outputs README.md and docs/ show, the hashes
  tolls docs --check                  fail when any of them is out of date (CI)
  tolls diff main                     what this change does to figures, sources and ranges
  tolls report                        write build/report/ (index.html, a page per event, charts)
  tolls codebook stale-hash           what a problem code means, an example, and how to fix it
  tolls export --hxl                  write HXL-tagged CSVs to build/hxl/
  tolls export --xlsx                 write build/tolls.xlsx, one sheet per table and a README sheet
  tolls export --csv                  write build/csv/: the views with per-figure flags, for pandas, R, Spark
  eval "$(tolls completion bash)"     complete commands and options in bash (zsh: tolls completion zsh)
"""


ROW_FORMATS = ("table", "csv", "json")  # every command that prints rows offers them (tolls.outputs.terminal)


class CommandError(Exception):
    """A command cannot run (missing build, bad argument); the message says what to do."""


@contextlib.contextmanager
def _working(message: str) -> Iterator[None]:
    """While work that takes seconds runs, a spinner, what is being done and the time it has taken, on stderr
    when it is a terminal (never in a pipe, a file or a CI log); it is erased when the work ends."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        progress.add_task(message, total=None)
        yield


def _package(args: argparse.Namespace) -> Package:
    return Package.open(args.root)


def _db_path(args: argparse.Namespace, pkg: Package) -> Path:
    path = Path(args.db) if args.db else pkg.root / "build" / "tolls.duckdb"
    if not path.is_file():
        raise CommandError(f"{path} does not exist; run `tolls build` first")
    return path


def cmd_validate(args: argparse.Namespace) -> int:
    from tolls.validation import print_problems, validate

    pkg = _package(args)
    if args.dry_run and not args.fix:
        raise CommandError("--dry-run goes with --fix: `tolls validate --fix --dry-run`")
    if args.fix:
        from tolls.authoring.fix import apply_fixes, format_plan, plan_fixes

        plan = plan_fixes(pkg)
        print(format_plan(plan, apply_fixes(pkg, plan, dry_run=args.dry_run), args.dry_run))
    with _working("validating"):
        problems = validate(pkg)
    print_problems(problems, args.format)
    return 1 if problems else 0


def _valid(pkg: Package, written: str = "nothing was written") -> bool:
    """Validate before writing anything; print the problems and say what was written (`written`)."""
    from tolls.validation import print_problems, validate

    with _working("validating"):
        problems = validate(pkg)
    if problems:
        print_problems(problems, "text")
        print(f"stopped: the package has problems; {written}.", file=sys.stderr)
    return not problems


def cmd_build(args: argparse.Namespace) -> int:
    from tolls.database.build import build_database
    from tolls.outputs.terminal import SCREENFUL, print_ranges, print_summary

    pkg = _package(args)
    if not _valid(pkg):
        return 1
    # as csv or json, stdout holds the rows alone (`tolls build --format json | jq`): what was done goes to stderr
    said = sys.stdout if args.format == "table" else sys.stderr
    print_summary(pkg, file=said)
    pkg.release_tables()  # DuckDB reads the files itself; validation's columns would only add to its memory
    with _working("building the database"):
        db = build_database(pkg, Path(args.out) if args.out else pkg.root / "build")
    print(f"wrote {db}", file=said)
    print_ranges(db, limit=SCREENFUL, fmt=args.format)
    return 0


def cmd_ranges(args: argparse.Namespace) -> int:
    from tolls.outputs.terminal import print_ranges

    pkg = _package(args)
    found = print_ranges(_db_path(args, pkg), event_id=args.event, fmt=args.format)
    return 0 if found else 2  # an unknown event: a bad argument


def cmd_query(args: argparse.Namespace) -> int:
    from tolls.database.build import run_query
    from tolls.outputs.terminal import print_result

    pkg = _package(args)
    columns, rows = run_query(_db_path(args, pkg), args.sql, timeout=args.timeout, memory_limit=args.memory_limit)
    print_result(columns, rows, args.format)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from tolls.intervals.rule_table import load_rules
    from tolls.mentions.extract import TextError, extract_file, format_mentions, source_language

    path = Path(args.path)
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    language = args.language
    try:  # inside a package: its own interval rules, as validation reads them, and the text's language
        pkg = _package(args)
        rules = load_rules(pkg.path("interval_rules"))
        language = language or source_language(pkg, path)
    except (PackageError, KeyError, OSError):
        rules = None
    try:
        # the same mentions, with the same settings, that validation's coverage asks rows for (without a
        # language, the script of the text decides: Arabic letters are read as Arabic)
        mentions = extract_file(path, rules, keep_left_out=True, language=language)
    except TextError as exc:
        raise CommandError(str(exc)) from None
    print(format_mentions(mentions, args.format))
    return 0


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--published {value!r}: expected a date YYYY-MM-DD") from exc


def cmd_add(args: argparse.Namespace) -> int:
    from tolls.authoring.add import AddError, add_cited_source, add_source, format_added, terminal_progress

    pkg = _package(args)
    options = dict(
        kind=args.kind, label=args.label, title=args.title, published=_date(args.published), language=args.language
    )
    bad = [item for item in args.set or [] if "=" not in item or not item.partition("=")[2]]
    if bad:
        raise CommandError(f"--set {bad[0]!r}: expected COLUMN=VALUE, e.g. --set country=SY")
    shared = dict(item.partition("=")[::2] for item in args.set or [])
    try:
        if args.path is None:
            if not args.url:
                raise CommandError("give the text's PATH, or --url for a cited source")
            added = add_cited_source(pkg, args.url, counter=args.counter, figures=args.figure, shared=shared, **options)
        else:
            if args.figure:
                raise CommandError("--figure goes with --url alone (a cited page); a text's numbers are found in it")
            size = Path(args.path).stat().st_size if Path(args.path).is_file() else 0
            with terminal_progress(size) as progress:
                added = add_source(pkg, args.path, url=args.url, shared=shared, progress=progress, **options)
    except AddError as exc:
        raise CommandError(str(exc)) from exc
    print(format_added(added))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from tolls.outputs.report import ReportStats, write_report

    pkg = _package(args)
    if not args.db:  # report the package as it stands, never a stale or invalid build
        status = cmd_build(argparse.Namespace(root=args.root, out=None, format="table"))
        if status:
            return status
    stats = ReportStats()
    with _working("drawing the charts and writing the report"):
        out = write_report(_db_path(args, pkg), Path(args.out) if args.out else pkg.root / "build", stats=stats)
    print(
        f"wrote {out} and a page per event ({stats.events}); charts: {stats.charts_drawn} drawn, "
        f"{stats.charts_reused} unchanged"
    )
    return 0


def cmd_codebook(args: argparse.Namespace) -> int:
    from tolls.outputs.codebook import UnknownCode, code_entries, format_code_entries, render_codebook
    from tolls.validation.codes import listed

    if not args.codes and args.format == "text":
        print(render_codebook(_package(args)), end="")
        return 0
    try:
        entries = code_entries(args.codes) if args.codes else listed()
    except UnknownCode as exc:
        raise CommandError(str(exc)) from None
    print(format_code_entries(entries, args.format))
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from tolls.authoring.docs import DocsError

    try:
        return _docs(args)
    except DocsError as exc:
        raise CommandError(str(exc)) from None


def _docs(args: argparse.Namespace) -> int:
    from tolls.authoring.docs import FIX_HINT, stale_docs, write_docs

    pkg = _package(args)
    hashed: list[str] = []
    if not args.check:
        from tolls.package.descriptor import write_descriptor_hashes

        hashed = write_descriptor_hashes(pkg)  # derived from the files, like the rest: validation checks them
        if hashed:
            print(f"wrote {pkg.root / 'datapackage.json'} (hash and bytes of {', '.join(hashed)})")
    if not _valid(pkg, "only the hashes in datapackage.json were written" if hashed else "nothing was written"):
        return 1
    if args.check:
        stale = stale_docs(pkg)
        if stale:
            names = ", ".join(p.name for p in stale)
            print(
                f"{names} out of date with the data (query outputs, examples, the codebook or the DuckDB CLI "
                f"script); {FIX_HINT}",
                file=sys.stderr,
            )
            return 1
        print("CODEBOOK.md, the outputs README.md and docs/ show and the descriptor's hashes are up to date")
        return 0
    written = write_docs(pkg)
    if written or not hashed:
        print("\n".join(f"wrote {p}" for p in written) or "every generated file was up to date")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from tolls.authoring.diff import DiffError, diff_packages

    pkg = _package(args)
    try:
        text = diff_packages(args.base, pkg).markdown()
    except DiffError as exc:
        raise CommandError(str(exc)) from exc
    print(text, end="")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:  # GitHub Actions shows this file as the job's summary
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(text)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from tolls.database.build import build_database
    from tolls.outputs.csv_export import export_views_csv
    from tolls.outputs.hxl import export_hxl
    from tolls.outputs.xlsx import export_xlsx

    pkg = _package(args)
    if not _valid(pkg):
        return 1
    out = Path(args.out) if args.out else pkg.root / "build"
    with _working("exporting"):
        # the per-figure flags and event_ranges come from the database's views, so build it first
        db = build_database(pkg, pkg.root / "build")
        written = export_xlsx(pkg, out / "tolls.xlsx", db) if args.xlsx else []
        if args.hxl:
            written += export_hxl(pkg, out / "hxl", db)
        if args.csv:
            written += export_views_csv(db, out)
    for path in written:
        print(f"wrote {path}")
    return 0


def cmd_completion(args: argparse.Namespace) -> int:
    from tolls.completion import completion_script

    print(completion_script(parser(), args.shell), end="")
    return 0


def _ranges_format(p: argparse.ArgumentParser) -> None:
    """--format of the commands that print event_ranges (build, ranges): one definition, one meaning."""
    p.add_argument(
        "--format",
        choices=ROW_FORMATS,
        default="table",
        help="table: the columns that fit a terminal (default); csv or json: every column of event_ranges, for "
        "other programs (csv: empty cell for null; json: an array of objects, null for null)",
    )


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="tolls",
        description=__doc__.splitlines()[0],
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"tolls {version('tolls')}")
    top.add_argument("--root", help="the package folder (default: the nearest folder with datapackage.json)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    db_help = "database file (default: build/tolls.duckdb)"
    p = add("validate", cmd_validate, "Check the package: frictionless, cross-field rules, provenance, safety.")
    p.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text: one line per problem (default); json: the same problems for machines",
    )
    p.add_argument(
        "--fix",
        action="store_true",
        help="write the values validation knows to be right (a quote's "
        "offsets when it stands once in its text, a text's sha256, an interval its rule gives), show "
        "them as a diff, then validate",
    )
    p.add_argument("--dry-run", action="store_true", help="with --fix: show the diff, write nothing")
    p = add(
        "build",
        cmd_build,
        "Validate, then write build/tolls.duckdb and build/parquet/, and print the ranges (as csv or json, only "
        "they are on stdout; what was done is on stderr).",
    )
    p.add_argument("--out", help="output folder (default: build/)")
    _ranges_format(p)
    p = add("ranges", cmd_ranges, "Print event_ranges: per event, measure and scope, the range of reported figures.")
    p.add_argument("--event", help="only this event_id (exit 2 when there is no such event)")
    _ranges_format(p)
    p.add_argument("--db", help=db_help)
    p = add("query", cmd_query, "Run a SQL query against the built database.")
    p.add_argument("sql", help='one SQL statement, e.g. "SELECT * FROM event_ranges"')
    p.add_argument(
        "--format",
        choices=ROW_FORMATS,
        default="table",
        help="table: for reading (default); csv: for other programs, empty cell for null; json: an array of "
        "objects, one a row, null for null",
    )
    p.add_argument(
        "--timeout",
        metavar="SECONDS",
        help="stop the query after this many seconds (default: $TOLLS_QUERY_TIMEOUT, else 300; 0: no limit)",
    )
    p.add_argument(
        "--memory-limit",
        metavar="SIZE",
        help="memory DuckDB may use for the query, e.g. 512MB (default: $TOLLS_QUERY_MEMORY_LIMIT, else 2GB)",
    )
    p.add_argument("--db", help=db_help)
    p = add("extract", cmd_extract, "List candidate figures in a text, ready to paste into data/figures.csv.")
    p.add_argument("path", help="a UTF-8 text file, e.g. seeds/003_8e9320cdf299b3f9.txt")
    p.add_argument(
        "--language",
        help="ISO 639-1 code of the text (default: its source's language in the package, else its script)",
    )
    p.add_argument(
        "--format",
        choices=ROW_FORMATS,
        default="table",
        help="table: for reading (default); csv or json: for pasting and for programs",
    )
    p = add(
        "add",
        cmd_add,
        "Copy a text into seeds/, write its sources row, and draft a figure or exclusion for "
        "every number in it; list what is left to decide.",
    )
    p.add_argument("path", nargs="?", help="the text (UTF-8); omit it with --url for a cited source")
    p.add_argument("--url", help="the source's URL; alone, a cited source with no text in the package")
    p.add_argument("--counter", help="with --url alone: the actor_id of the counter whose count the page reports")
    p.add_argument(
        "--figure",
        action="append",
        metavar="WORDS",
        help="with --url alone: a number phrase as the page publishes it (e.g. '1,386'); drafts a figure (id p...) "
        "with its interval; repeat it for each figure",
    )
    p.add_argument("--kind", help="the source's kind (news, wire_story, monitor_report, ...)")
    p.add_argument("--label", help="a short neutral label for the source")
    p.add_argument("--title", help="its title (default: the text's first line, if short)")
    p.add_argument(
        "--published",
        help="the publication date the source states, YYYY-MM-DD; day words such as "
        "'on Tuesday' are resolved against it",
    )
    p.add_argument("--language", help="ISO 639-1 code (default: a guess to confirm)")
    p.add_argument(
        "--set",
        action="append",
        metavar="COLUMN=VALUE",
        help="a judgment that holds for every figure of the text, typed once (e.g. event_id=..., "
        "country=SY, counted_by=sohr); each draft still asks to confirm it",
    )
    p = add(
        "report",
        cmd_report,
        "Validate and build, then write build/report/: index.html, a page per event in "
        "events/ (offline), and charts/<event>.svg/.png (a chart is redrawn only when its figures changed).",
    )
    p.add_argument("--out", help="output folder (default: build/)")
    p.add_argument("--db", help="report from this database file as it is, without validating or building")
    p = add(
        "codebook",
        cmd_codebook,
        "Look up the codebook; write nothing. Without CODE, print it (CODEBOOK.md as `tolls docs` writes it); with "
        "problem codes, what each means, an example and how to fix it.",
    )
    p.add_argument(
        "codes",
        nargs="*",
        metavar="CODE",
        help="a problem code as `tolls validate` prints it, e.g. stale-hash (exit 2 when there is no such code, "
        "with the nearest ones)",
    )
    p.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text: for reading (default); json: the codes' entries as an array of objects (code, layer, meaning, "
        "example, fix); without CODE, every code the codebook lists",
    )
    p = add(
        "docs",
        cmd_docs,
        "Regenerate every generated file from the package: CODEBOOK.md, the outputs README.md and docs/ show (query "
        "results, examples, answers), and each resource's hash and bytes in datapackage.json.",
    )
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 naming those that would change (CI)")
    p = add(
        "diff",
        cmd_diff,
        "Show what the package here changes against BASE (a folder or a git revision): rows "
        "added, changed and removed, and each event's range and independent counts before and after, as "
        "Markdown (also to $GITHUB_STEP_SUMMARY).",
    )
    p.add_argument("base", help="a folder with another version of the package, or a git revision (e.g. main)")
    p = add("export", cmd_export, "Validate, then export the tables for other programs (say which with the flags).")
    p.add_argument(
        "--hxl",
        action="store_true",
        help="CSVs with an HXL hashtag row, and event_ranges.csv, to <out>/hxl/ (builds the database)",
    )
    p.add_argument("--xlsx", action="store_true", help="one workbook, <out>/tolls.xlsx: a sheet per table, typed")
    p.add_argument(
        "--csv",
        action="store_true",
        help="the views figure_detail (with per-figure flags), counter_latest and event_ranges as CSV, to <out>/csv/",
    )
    p.add_argument("--out", help="output folder (default: build/)")
    p = add(
        "completion",
        cmd_completion,
        'Print a script that completes tolls\' commands and options in the shell: eval "$(tolls completion bash)".',
    )
    p.add_argument("shell", choices=["bash", "zsh"], help="the shell to complete in")
    return top


def main(argv: list[str] | None = None) -> int:
    cli = parser()
    args = cli.parse_args(argv)
    if args.command == "export" and not (args.hxl or args.xlsx or args.csv):
        cli.error("export: say what to export: --hxl, --xlsx, --csv (one or more)")  # exits 2, as argparse's own errors
    expected: tuple[type[Exception], ...] = (CommandError, PackageError, QueryError)
    release_memory_promptly()  # this process is ours: large checks then peak at what they hold
    # import only what the command uses: `tolls validate` needs neither DuckDB nor the charts
    if args.command == "report":
        from tolls.outputs.report import ReportError

        expected += (ReportError,)
    try:
        status = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return status
    except KeyboardInterrupt:  # Ctrl-C: a line, not a traceback; 130 as shells report it (outputs are atomic)
        print(f"tolls {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # a reader such as `head` closed the pipe: stop quietly, as other tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the interpreter's final flush does not fail again
        return 141  # 128 + SIGPIPE: what a shell reports for a program a closed pipe stopped; 1 means problems
    except ViewSchemaError as exc:  # a view breaks what its SQL file declares: listed like problems, nothing written
        from tolls.validation import print_problems

        print_problems(exc.problems, "text")
        print(f"tolls {args.command}: stopped: {exc}", file=sys.stderr)
        return 1
    except expected as exc:
        print(f"tolls {args.command}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback for a user; TOLLS_DEBUG=1 shows it
        if os.environ.get("TOLLS_DEBUG"):
            raise
        print(
            f"tolls {args.command}: internal error: {type(exc).__name__}: {exc} "
            "(set TOLLS_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
