"""Adding a source: copy its text into seeds/, write its sources row, and draft a row for every number in it.

What a tool can know is filled: the text's path and sha256, new ids, each number's quote (its sentence), offsets,
number_text, qualifier, interval and rule, dates the sentence gives relative to a known publication date, and a
guessed measure or exclusion reason. What needs a person's judgment (event, victim group, counter, place,
attribution; the measure or reason where a guess is only a guess) is left for them. Every drafted row's notes
start with `[draft: ...]` saying what is left; `tolls validate` lists each draft row with its empty cells and its
sentence until the marker is deleted, so nothing guessed passes silently.

A cited source (`url=`, no text) gets a sources row only: its figures are typed from the page it cites.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from tolls.intervals.rule_table import load_rules
from tolls.mentions.dates import relative_dates
from tolls.mentions.find import Mention, mentions_to_cover
from tolls.package.loading import Package
from tolls.package.rows import append_rows, columns, draft_note, id_field, next_ids

__all__ = ["AddError", "Added", "Draft", "add_cited_source", "add_source", "guess_language"]

# Cells of a drafted figure that only a person can decide (when empty). Read against the descriptor: a
# column the schema does not have is skipped, so a schema change does not break `tolls add`.
FIGURE_JUDGMENT = (
    "event_id",
    "event_basis",
    "measure",
    "measure_words",
    "victim_group",
    "count_kind",
    "count_status",
    "coverage",
    "date_start",
    "date_end",
    "date_precision",
    "date_basis",
    "counted_by",
    "country",
    "admin1",
    "place_text",
)


class AddError(Exception):
    """The source cannot be added (missing file, not UTF-8, already in the package); nothing was written."""


@dataclass
class Draft:
    table: str
    row_id: str
    number_text: str
    sentence: str
    decide: list[str]  # the cells and rows left for a person, in words


@dataclass
class Added:
    source_id: str
    path: str | None
    figures: list[str] = field(default_factory=list)
    exclusions: list[str] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    source_decide: list[str] = field(default_factory=list)


# --- language -----------------------------------------------------------------------------------------

_STOPWORDS = {
    "en": "the and of to in was were is that for with by on from have has",
    "fr": "le la les des et du est une dans pour par sur qui ont été",
    "de": "der die das und ist nicht mit von den dem zu auf ein eine wurden",
    "es": "el la los las y de que en por con para una fueron está",
    "it": "il lo la gli le e di che per con sono una nella stato",
    "pt": "o a os as e de que em para com uma foram está não",
    "tr": "ve bir bu da de ile için olarak olan en çok",
}
_SCRIPTS = (("ar", r"[\u0600-\u06ff]"), ("ru", r"[\u0400-\u04ff]"), ("he", r"[\u0590-\u05ff]"))


def guess_language(text: str) -> str | None:
    """An ISO 639-1 guess from the script, else from common short words; None when nothing stands out."""
    letters = max(1, len(re.findall(r"\w", text)))
    for code, script in _SCRIPTS:
        if len(re.findall(script, text)) > letters / 3:
            return code
    words = re.findall(r"[^\W\d_]+", text.lower())
    scores = {code: sum(w in set(stop.split()) for w in words) for code, stop in _STOPWORDS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= 3 else None


# --- the sources row ------------------------------------------------------------------------------------


def _new_source_id(pkg: Package, sources: list[dict[str, str]]) -> str:
    return next_ids((r.get(id_field(pkg, "sources"), "") for r in sources), "s", 1)[0]


def _source_row(
    pkg: Package,
    source_id: str,
    *,
    path: str | None,
    sha256: str | None,
    url: str | None,
    label: str | None,
    title: str | None,
    kind: str | None,
    published: dt.date | None,
    language: str | None,
) -> tuple[dict[str, object], list[str]]:
    row: dict[str, object] = {
        "source_id": source_id,
        "evidence": "quoted" if path else "cited",
        "path": path,
        "sha256": sha256,
        "url": url,
        "label": label,
        "title": title,
        "kind": kind,
        "language": language,
    }
    if published:
        row.update(
            published_earliest=published.isoformat(),
            published_latest=published.isoformat(),
            published_precision="day",
            published_basis="stated",
            published_note="Given with `tolls add --published`: the date the source states.",
        )
    else:
        row["published_basis"] = "unknown"
    decide = [c for c in ("label", "kind", "language") if not row.get(c)]
    if not published:
        decide.append(
            "published_earliest/published_latest/published_basis/published_note (if the text or page dates itself)"
        )
    return {k: v for k, v in row.items() if k in columns(pkg, "sources")}, decide


# --- drafting rows from mentions -----------------------------------------------------------------------


def _figure_row(
    pkg: Package, fid: str, source_id: str, m: Mention, published: dt.date | None, shared: dict[str, str]
) -> tuple[dict[str, object], list[str]]:
    p = m.parsed
    row: dict[str, object] = {
        **shared,
        "figure_id": fid,
        "source_id": source_id,
        "evidence": "quoted",
        **_quote(m),
        "number_text": m.number_text,
        "qualifier": p.qualifier if p else None,
        "low": p.low if p else None,
        "stated_number": p.stated if p else None,
        "high": p.high if p else None,
        "interval_rule": p.rule if p else None,
    }
    decide, reasoning = [], []
    if p is None:
        decide.append(
            f"the words {m.number_text!r} hold more than one number: split the figure, or make it an exclusion"
        )
    if m.measure_guess:
        row["measure"] = m.measure_guess
        decide.append(f"measure (guessed {m.measure_guess!r} from a word in the sentence: confirm)")
    day = next((d for d in relative_dates(m.sentence, published) if d.date_start), None)
    if day is not None:
        row.update(
            date_start=day.date_start.isoformat(),
            date_end=day.date_end.isoformat(),
            date_precision="day" if day.date_start == day.date_end else "week",
            date_basis="inferred_from_text",
        )
        reasoning.append(f"Dates: {day.reasoning}.")
        decide.append("dates (read from the sentence's day words: confirm they date the deaths)")
    judgment = [c for c in FIGURE_JUDGMENT if c in columns(pkg, "figures") and row.get(c) in (None, "")]
    if shared:
        decide.insert(0, "the cells given with --set (" + ", ".join(shared) + ") hold for this figure")
    if judgment:
        decide.insert(0, ", ".join(judgment))
    decide.append("attributions (a row in attributions.csv for each actor the sentence says caused the harm)")
    row["notes"] = draft_note(decide, " ".join(reasoning))
    return row, decide


def _quote(m: Mention) -> dict[str, object]:
    """The mention's sentence as its quote; from the mention on when its words stand earlier in the sentence too
    ("45 ... 5"), since a row's number is found at the first place its words stand in its quote."""
    start = m.sentence_start if m.sentence.find(m.number_text) == m.start - m.sentence_start else m.start
    return {"quote": m.sentence[start - m.sentence_start :], "quote_start": start, "quote_end": m.sentence_end}


def _exclusion_row(xid: str, source_id: str, m: Mention) -> tuple[dict[str, object], list[str]]:
    why = f", {m.exclusion_note}" if m.exclusion_note else ""
    decide = [f"reason (guessed {m.exclusion_guess!r}{why}: confirm, or make it a figure)"]
    note = f"{m.exclusion_note[0].upper()}{m.exclusion_note[1:]}." if m.exclusion_note else ""
    return {
        "exclusion_id": xid,
        "source_id": source_id,
        **_quote(m),
        "number_text": m.number_text,
        "reason": m.exclusion_guess,
        "notes": draft_note(decide, note),
    }, decide


def draft_rows(
    pkg: Package,
    source_id: str,
    text: str,
    published: dt.date | None = None,
    shared: dict[str, str] | None = None,
    language: str | None = None,
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[Draft]]:
    """Figures and exclusions drafted for every number mention of `text`, found as validation's coverage
    finds them (the package's own rules, left-out kinds kept, the text read in `language`), with ids after the
    tables' highest.

    shared: judgment cells the contributor gives once for every drafted figure (`--set event_id=...`).
    """
    shared = check_shared(pkg, shared or {})
    rules = load_rules(pkg.path("interval_rules"))
    mentions = mentions_to_cover(text, rules, language=language)  # read in the source's language, as coverage reads it
    _, figures, _ = pkg.read_rows("figures")
    _, exclusions, _ = pkg.read_rows("exclusions")
    as_figure = [m for m in mentions if not m.exclusion_guess]
    fids = iter(next_ids((r.get(id_field(pkg, "figures"), "") for r in figures), "f", len(as_figure)))
    xids = iter(
        next_ids((r.get(id_field(pkg, "exclusions"), "") for r in exclusions), "x", len(mentions) - len(as_figure))
    )
    fig_rows, exc_rows, drafts = [], [], []
    for m in mentions:
        if m.exclusion_guess:
            row, decide = _exclusion_row(next(xids), source_id, m)
            exc_rows.append(row)
            drafts.append(Draft("exclusions", str(row["exclusion_id"]), m.number_text, m.sentence, decide))
        else:
            row, decide = _figure_row(pkg, next(fids), source_id, m, published, shared)
            fig_rows.append(row)
            drafts.append(Draft("figures", str(row["figure_id"]), m.number_text, m.sentence, decide))
    return fig_rows, exc_rows, drafts


# --- the commands' library functions ---------------------------------------------------------------------


def _seed_name(pkg: Package, sources: list[dict[str, str]], digest: str) -> str:
    used = [int(m.group(1)) for r in sources if (m := re.match(r"seeds/(\d+)_", r.get("path") or ""))]
    return f"seeds/{(max(used) + 1 if used else 0):03d}_{digest[:16]}.txt"


def check_shared(pkg: Package, shared: dict[str, str]) -> dict[str, str]:
    """Judgment cells given for every figure: only columns that are judgments (never a cell a tool fills)."""
    allowed = [c for c in (*FIGURE_JUDGMENT, "copy_of_figure_id") if c in columns(pkg, "figures")]
    wrong = [c for c in shared if c not in allowed]
    if wrong:
        raise AddError(f"--set {wrong[0]}: not a judgment column of figures; one of {', '.join(allowed)}")
    return shared


def add_source(
    pkg: Package,
    path: str | Path,
    *,
    kind: str | None = None,
    label: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    language: str | None = None,
    url: str | None = None,
    shared: dict[str, str] | None = None,
) -> Added:
    """Copy the text at `path` into seeds/, write its sources row, and draft its figures and exclusions.

    The text is copied byte for byte (offsets count code points of the text as it is). Nothing is written when
    the file is missing, is not UTF-8, or is already in the package.
    """
    src = Path(path)
    if not src.is_file():
        raise AddError(f"{src}: no such file")
    raw = src.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AddError(f"{src}: not UTF-8 (byte {exc.start}); save the text as UTF-8 and add it again") from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        raise AddError(f"{src}: starts with a byte order mark; save it as UTF-8 without BOM and add it again")
    digest = hashlib.sha256(raw).hexdigest()
    _, sources, _ = pkg.read_rows("sources")
    for row in sources:
        if row.get("sha256") == digest:
            raise AddError(f"{src} is already in the package as {row['source_id']} ({row['path']})")
    source_id = _new_source_id(pkg, sources)
    seed = _seed_name(pkg, sources, digest)
    first_line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    row, source_decide = _source_row(
        pkg,
        source_id,
        path=seed,
        sha256=digest,
        url=url,
        label=label,
        kind=kind,
        published=published,
        title=title if title is not None else (first_line if 0 < len(first_line) <= 200 else None),
        language=language or guess_language(text),
    )
    if not language and row.get("language"):
        source_decide.append(f"language (guessed {row['language']!r}: confirm)")
    fig_rows, exc_rows, drafts = draft_rows(pkg, source_id, text, published, shared, row.get("language"))
    if source_decide:
        row["notes"] = draft_note(source_decide)
    # The text first: a sources row never names a file that is not there.
    target = pkg.root / seed
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, target)
    append_rows(pkg, "sources", [row])
    append_rows(pkg, "figures", fig_rows)
    append_rows(pkg, "exclusions", exc_rows)
    return Added(
        source_id,
        seed,
        [str(r["figure_id"]) for r in fig_rows],
        [str(r["exclusion_id"]) for r in exc_rows],
        drafts,
        source_decide,
    )


def add_cited_source(
    pkg: Package,
    url: str,
    *,
    counter: str | None = None,
    kind: str | None = None,
    label: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    language: str | None = None,
) -> Added:
    """A sources row for a document the package cites but does not hold: its URL, and the counter whose count
    it reports where the schema has a column for it. Its figures are typed from the page (number phrase as
    published); `tolls validate --fix` then fills each interval from its words."""
    if not re.fullmatch(r"https?://\S+", url):
        raise AddError(f"{url!r} is not an http(s) URL")
    _, sources, _ = pkg.read_rows("sources")
    for row in sources:
        if row.get("url") == url:
            raise AddError(f"{url} is already in the package as {row['source_id']}")
    source_id = _new_source_id(pkg, sources)
    row, decide = _source_row(
        pkg,
        source_id,
        path=None,
        sha256=None,
        url=url,
        label=label,
        title=title,
        kind=kind,
        published=published,
        language=language,
    )
    counter_col = next((c for c in ("counted_by", "counter_id", "counter") if c in columns(pkg, "sources")), None)
    if counter and counter_col:
        row[counter_col] = counter
    elif counter:
        decide.append(
            f"where to record the counter {counter!r} (this schema's sources table has no counter "
            "column; put it in each figure's counted_by)"
        )
    if decide:
        row["notes"] = draft_note(decide)
    append_rows(pkg, "sources", [row])
    return Added(source_id, None, source_decide=decide)


def format_added(added: Added) -> str:
    """What `tolls add` wrote, then every cell left to decide with the sentence it is about."""
    out = [
        f"added {added.source_id}"
        + (f" ({added.path})" if added.path else "")
        + f": {len(added.figures)} draft figure(s), {len(added.exclusions)} draft exclusion(s)"
    ]
    if added.source_decide:
        out.append(f"\nsources {added.source_id}: decide " + "; ".join(added.source_decide))
    if added.drafts:
        out.append("\nLeft to decide (each row's notes start with '[draft: ...]'; delete that bracket when done):")
    for d in added.drafts:
        out.append(f"\n{d.table} {d.row_id} {d.number_text!r}: decide " + "; ".join(d.decide))
        out.append(f"    sentence: {d.sentence}")
    out.append("\nThen run `tolls validate`: it lists every draft row until its marker is deleted.")
    return "\n".join(out)
