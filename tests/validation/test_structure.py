"""Every broken package gets a clear answer: exit 1, a line that names the file (and line and field where
there is one) and says what to fix, never a traceback or an "internal error", and nothing fetched.

The packages are broken in code from a copy of the shipped one (tests/breakage.py lists the ways).
"""

from __future__ import annotations

import random
import socket
import threading
from pathlib import Path

import pytest
from breakage import (
    FIXED_CASES,
    VALID_CASES,
    column_cases,
    csv_path,
    descriptor,
    edit_descriptor,
    field_names,
    remove_column,
    rename_field,
    resource,
    resource_cases,
    resource_names,
    set_cell,
    write_descriptor,
)
from conftest import ROOT, copy_package

from tolls.cli import main
from tolls.package.loading import Package
from tolls.validation import validate
from tolls.validation.codes import CODES
from tolls.validation.structure import check_structure


def run_validate(root: Path, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    code = main(["--root", str(root), "validate"])
    out = capsys.readouterr()
    return code, out.out + out.err


def assert_clear(code: int, text: str, words: str) -> None:
    assert "internal error" not in text and "Traceback" not in text, text
    assert code == 1, text
    assert words.lower() in text.lower(), f"{words!r} not in:\n{text}"


@pytest.mark.parametrize("case", FIXED_CASES, ids=[c[0] for c in FIXED_CASES])
def test_each_kind_of_breakage_is_one_clear_line(package: Path, capsys, case) -> None:
    _, corrupt, words = case
    corrupt(package)
    code, text = run_validate(package, capsys)
    assert_clear(code, text, words)


@pytest.mark.parametrize("case", VALID_CASES, ids=[c[0] for c in VALID_CASES])
def test_unusual_but_valid_packages_still_pass(package: Path, capsys, case) -> None:
    case[1](package)
    code, text = run_validate(package, capsys)
    assert code == 0, text


def _cases(kind: str) -> list:
    return [c for c in column_cases(ROOT) + resource_cases(ROOT) if c[0].startswith(kind)]


def _one_per_table(kind: str) -> list:
    """The case of each table's first column, and of its last (a full validation run each)."""
    cases = _cases(kind)
    tables = {c[0].split("-", 1)[1].split(".")[0] for c in cases}
    by_table = {t: [c for c in cases if c[0].startswith(f"{kind}{t}.")] for t in tables}
    return [c for t in sorted(tables) for c in (by_table[t][0], by_table[t][-1])]


@pytest.mark.parametrize("case", _one_per_table("remove-"), ids=[c[0] for c in _one_per_table("remove-")])
def test_removing_a_column_names_it_and_skips_that_table(package: Path, capsys, case) -> None:
    _, corrupt, words = case
    corrupt(package)
    code, text = run_validate(package, capsys)
    assert_clear(code, text, words)
    assert "is missing" in text and "[checks-skipped]" in text


@pytest.mark.parametrize("kind", ["remove-", "rename-", "move-"])
def test_removing_renaming_or_moving_any_column_is_one_line(tmp_path: Path, kind: str) -> None:
    """Each column of each table, checked by the structure layer alone (the full run is the case above)."""
    for i, (cid, corrupt, words) in enumerate(_cases(kind)):
        root = copy_package(tmp_path / str(i))
        corrupt(root)
        found = check_structure(Package.open(root))
        name = cid.split("-", 1)[1].split(".")[0]
        assert name not in found.readable, cid
        lines = [str(p) for p in found.problems if p.code != "checks-skipped"]
        assert len(lines) <= 2 and any(words in line for line in lines), (cid, lines)


@pytest.mark.parametrize(
    "case", _cases("unlist-") + _cases("delete-"), ids=[c[0] for c in _cases("unlist-") + _cases("delete-")]
)
def test_removing_a_resource_or_its_file_is_an_error_not_a_silent_skip(package: Path, capsys, case) -> None:
    _, corrupt, words = case
    corrupt(package)
    code, text = run_validate(package, capsys)
    assert_clear(code, text, words)


def test_a_missing_column_is_one_line_not_a_line_per_shifted_column(package: Path) -> None:
    remove_column(package, "figures", field_names(package, "figures")[1])
    figures = [p for p in validate(package) if p.file.endswith("figures.csv")]
    assert [p.code for p in figures] == ["checks-skipped", "missing-column"], [str(p) for p in figures]


def test_a_column_the_checks_read_removed_from_schema_and_file_alike(package: Path, capsys) -> None:
    """The header matches the (edited) schema, but the checks read the column: said, not a KeyError."""
    remove_column(package, "exclusions", "quote")
    edit_descriptor(
        package,
        lambda d: resource(d, "exclusions")["schema"].update(
            fields=[f for f in resource(d, "exclusions")["schema"]["fields"] if f["name"] != "quote"]
        ),
    )
    code, text = run_validate(package, capsys)
    assert_clear(code, text, "'quote'")


def test_a_30_digit_integer_is_shown_as_written(package: Path) -> None:
    set_cell(package, "figures", "high", "9" * 30)
    found = [p for p in validate(package) if p.code == "integer-overflow"]
    assert len(found) == 1 and "9" * 30 in found[0].message and found[0].field == "high"
    assert "-9223372036854775808" not in "\n".join(map(str, validate(package)))


def test_integers_at_the_64_bit_limits_pass_the_structure_layer(package: Path) -> None:
    set_cell(package, "figures", "high", str(2**63 - 1))
    assert not [p for p in check_structure(Package.open(package)).problems if p.code == "integer-overflow"]
    set_cell(package, "figures", "high", str(2**63))
    assert [p for p in check_structure(Package.open(package)).problems if p.code == "integer-overflow"]


def test_a_symlinked_seed_is_never_read(package: Path, capsys) -> None:
    """A seed symlinked to a file outside the package: its numbers never reach the output."""
    from breakage import symlink_seed_outside

    symlink_seed_outside(package)
    code, text = run_validate(package, capsys)
    assert_clear(code, text, "symbolic link")
    assert "12345" not in text


def test_a_symlinked_data_folder_is_refused(package: Path, tmp_path: Path, capsys) -> None:
    elsewhere = tmp_path / "elsewhere"
    (package / "data").rename(elsewhere)
    (package / "data").symlink_to(elsewhere, target_is_directory=True)
    code, text = run_validate(package, capsys)
    assert_clear(code, text, "symbolic link")


def test_every_code_the_breakages_produce_is_registered(tmp_path: Path) -> None:
    seen = set()
    wanted = (
        "resource-path-is-a-url",
        "nul-byte-in-cell",
        "thirty-digit-integer",
        "ten-mb-cell",
        "duplicate-cue",
        "two-bare-number-rules",
        "as-of-in-2099",
        "as-of-after-publication",
        "resource-without-schema",
    )
    for i, (_, corrupt, _) in enumerate(c for c in FIXED_CASES if c[0] in wanted):
        root = copy_package(tmp_path / str(i))
        corrupt(root)
        seen |= {p.code for p in validate(root)}
    assert seen - CODES.keys() == set()
    assert {
        "unsafe-path",
        "descriptor-shape",
        "control-character",
        "integer-overflow",
        "oversized-cell",
        "duplicate-cue",
        "bare-number-rule",
        "as-of-after-publication",
        "as-of-not-future",
    } <= seen


# --- nothing is fetched -----------------------------------------------------------------------------


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts (bounded: it stops itself)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        for _ in range(600):  # at most 2 minutes
            if self.stop.is_set():
                break
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.sock.close()


def test_validation_opens_no_connection(package: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every place a URL could be written points at a local listener; validation must not connect."""
    listener = Listener()
    url = f"http://127.0.0.1:{listener.port}"
    attempts = []
    real_connect = socket.socket.connect

    def connect(self, address):  # a second guard: any connection attempt at all is recorded
        attempts.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    try:
        desc = descriptor(package)
        desc["profile"] = f"{url}/profile.json"
        resource(desc, "figures")["path"] = f"{url}/figures.csv"
        resource(desc, "events")["schema"] = f"{url}/schema.json"
        resource(desc, "actors")["dialect"] = f"{url}/dialect.json"
        write_descriptor(package, desc)
        set_cell(package, "sources", "path", f"{url}/seed.txt")
        code, text = run_validate(package, capsys)
        assert_clear(code, text, "URL")
        # and with the descriptor's shape intact, the resource and seed URLs alone
        copy = copy_package(package.parent / "second")
        edit_descriptor(copy, lambda d: resource(d, "figures").update(path=f"{url}/figures.csv"))
        set_cell(copy, "sources", "path", f"{url}/seed.txt")
        code, text = run_validate(copy, capsys)
        assert_clear(code, text, "URL")
    finally:
        listener.close()
    assert listener.connections == 0
    assert attempts == []


# --- random corruptions ------------------------------------------------------------------------------


def _corrupt_at_random(root: Path, rng: random.Random) -> str:
    """One random corruption of a random file of the package; returns what was done."""
    names = resource_names(root)
    junk = rng.choice(
        [
            "",
            "\x00",
            "\x1b[31m",
            "=cmd|' /C calc'!A0",
            "9" * 40,
            "-1",
            "NaN",
            "1e309",
            "٣٤٥",
            "１２",
            "2099-13-45",
            '"',
            '""',
            ",",
            "\n",
            "\r",
            "\ufeff",
            "[/b]",
            "$x$",
            "../../etc/passwd",
            "https://127.0.0.1:9/x",
            "x" * rng.choice([10, 30_000]),
            "\ud7ff",
            "🙂" * 3,
        ]
    )
    kind = rng.choice(["cell", "cell", "row", "bytes", "truncate", "descriptor", "header", "seed"])
    if kind == "cell":
        name = rng.choice(names)
        rows = csv_path(root, name).read_text(encoding="utf-8").splitlines()
        line = rng.randrange(1, len(rows))
        col = rng.choice(field_names(root, name))
        try:
            set_cell(root, name, col, junk, row=line)
        except IndexError:
            pass
        return f"cell {name}:{line}:{col} = {junk[:20]!r}"
    if kind == "row":
        path = csv_path(root, rng.choice(names))
        lines = path.read_text(encoding="utf-8").split("\n")
        i = rng.randrange(len(lines))
        lines.insert(rng.randrange(len(lines)), lines.pop(i)) if rng.random() < 0.5 else lines.pop(i)
        path.write_text("\n".join(lines), encoding="utf-8")
        return f"row moved or removed in {path.name}"
    if kind == "bytes":
        path = rng.choice([csv_path(root, rng.choice(names)), root / "datapackage.json"])
        raw = bytearray(path.read_bytes())
        for _ in range(rng.randint(1, 5)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        path.write_bytes(bytes(raw))
        return f"bytes flipped in {path.name}"
    if kind == "truncate":
        path = rng.choice([csv_path(root, rng.choice(names)), root / "datapackage.json"])
        raw = path.read_bytes()
        path.write_bytes(raw[: rng.randrange(len(raw) + 1)])
        return f"{path.name} truncated"
    if kind == "header":
        path = csv_path(root, rng.choice(names))
        lines = path.read_text(encoding="utf-8").split("\n")
        cols = lines[0].split(",")
        rng.shuffle(cols) if rng.random() < 0.5 else cols.pop(rng.randrange(len(cols)))
        lines[0] = ",".join(cols)
        path.write_text("\n".join(lines), encoding="utf-8")
        return f"header of {path.name} shuffled or cut"
    if kind == "seed":
        seed = next((root / "seeds").iterdir())
        text = seed.read_text(encoding="utf-8")
        at = rng.randrange(len(text))
        seed.write_text(text[:at] + junk + text[at:], encoding="utf-8")
        return f"{junk[:20]!r} inserted in {seed.name}"
    desc = descriptor(root)
    res = rng.choice(desc["resources"])
    target = rng.choice([desc, res, res["schema"], rng.choice(res["schema"]["fields"])])
    key = rng.choice(sorted(target))
    target[key] = rng.choice([None, 0, -1, "", [], {}, junk, [junk], {"x": junk}, True])
    write_descriptor(root, desc)
    return f"descriptor: {key} = {str(target[key])[:30]!r}"


def test_random_corruptions_never_end_in_an_internal_error(tmp_path: Path, capsys) -> None:
    """A bounded fuzz: random corruptions of random files; each run ends in exit 0 or 1, never 2."""
    rng = random.Random(13)
    for i in range(40):
        root = copy_package(tmp_path / str(i))
        done = []
        for _ in range(rng.randint(1, 3)):
            try:
                done.append(_corrupt_at_random(root, rng))
            except (ValueError, KeyError, IndexError, StopIteration, TypeError, AttributeError):
                break  # an earlier corruption left nothing this helper can parse; validate what there is
        code, text = run_validate(root, capsys)
        assert code in (0, 1) and "internal error" not in text and "Traceback" not in text, (done, text[-2000:])


def test_a_field_renamed_in_the_descriptor_alone_says_both_ways_back(tmp_path: Path) -> None:
    from history import toll_history

    from tolls.validation import validate

    root = toll_history(tmp_path / "pkg")
    rename_field(root, "figures", "counted_by", "counter", in_data=False)
    found = [p for p in validate(root) if p.code == "renamed-column"]
    assert found and found[0].file == "data/figures.csv" and found[0].line == 1
    assert "rename it to 'counter'" in found[0].message and "its name 'counted_by' back" in found[0].message


def test_a_field_the_checks_read_renamed_everywhere_is_named_as_needed(tmp_path: Path) -> None:
    from history import toll_history

    from tolls.validation import validate

    root = toll_history(tmp_path / "pkg")
    rename_field(root, "figures", "counted_by", "counter", in_data=True)
    needed = [p for p in validate(root) if p.code == "column-needed"]
    assert needed and all(p.file == "datapackage.json" for p in needed)
    assert any("read the column counted_by," in p.message for p in needed)
    assert not any("not in index" in p.message for p in needed)  # pandas' words stay out of the message
