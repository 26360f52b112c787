"""Write a valid synthetic package of N figures, for timing validation, build and views at scale (not a test).

    python benchmarks/synth.py 100000 /tmp/tolls-100k [--seed 1] [--broken]
    python benchmarks/synth.py 100000 /tmp/tolls-100k-real --replicated

One text per about five figures. Each text is a title line and paragraphs; a paragraph holds one figure
sentence (a number in one of the phrasings the parser reads: "over 740", "at least eight", "dozens of",
"between 10 and 20", ...), an attribution sentence for about half of them, and filler sentences of
pseudo-words (each text has its own rare words, as real texts have names, so that texts are not all
near-copies of each other). Every fifth text has an exclusion (a crowd, defendants). About 1 % of texts are
planted verbatim copies of another text (sources.copy_of_source_id and figures.copy_of_figure_id set), and
about 1 % repeat their first paragraph (a within-text copy). Interval bounds come from the parser, so
validation agrees.

The columns come from the package's datapackage.json: a column this script does not know is left empty
when it is optional, and filled with its first enum value (or a type's plain value) when it is required.

--broken also writes OUT-broken-<kind>/ packages, each with one planted problem of one kind.

--replicated writes instead the shipped package's own rows copied again and again with new ids (`replicate`):
real rows as they are, with their long notes, their quotes and their many cited sources.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tolls.intervals.rule_table import load_rules  # noqa: E402
from tolls.mentions.find import find_mentions  # noqa: E402
from tolls.package.loading import Package  # noqa: E402

# Tables copied as shipped: lookups every synthetic row refers to.
COPIED = (
    "actors",
    "victim_groups",
    "interval_rules",
    "reliability_grades",
    "reliability_rules",
    "corroboration_grades",
)

PHRASES = [  # number phrasings, {n} a number written in digits
    "{n}",
    "over {n}",
    "at least {n}",
    "approximately {n}",
    "nearly {n}",
    "more than {n}",
    "up to {n}",
    "fewer than {n}",
    "between {n} and {m}",
    "dozens of",
    "hundreds of",
    "several",
    "about {n}",
    "at least eight",
    "a dozen",
    "scores of",
    "{n} or more",
]
# (sentence with {x} for the number phrase and {v} for the victims; measure). The number comes after a
# fixed opening, and every variable word after it, so that its offsets are known once per template.
FIGURE_SENTENCES = [  # (sentence, measure, the words that say what is counted)
    ("Monitors said that {x} {v} were killed in {place} after attacks on {village}.", "killed", "killed"),
    ("Residents reported that {x} {v} were injured in {place} when shelling hit {village}.", "injured", "injured"),
    ("Medical staff counted {x} {v} killed in {place} and the nearby {village} area.", "killed", "killed"),
    ("According to local officials, {x} {v} were detained in {place} near {village}.", "detained", "detained"),
    ("Relatives said that {x} {v} went missing in {place} around {village}.", "missing", "went missing"),
    ("A monitoring group said {x} {v} had fled their homes in {place} and {village}.", "displaced", "fled their homes"),
]
VICTIMS = [("people", "people"), ("civilians", "civilians"), ("Alawite civilians", "alawite_civilians")]
EXCLUSION_SENTENCES = [
    ("Protests erupted in {place}, with hundreds demonstrating against the violence.", "crowd_size"),
    ("A court in {place} held a trial for 14 suspects linked to these attacks.", "defendants"),
]
ATTRIBUTION_SENTENCE = "Witnesses blamed the attacks on {actor} in {place}."
STANCES = ["stated", "alleged", "claimed_responsibility", "denied"]
ADMIN1 = ["SY-LA", "SY-TA", "SY-HM", "SY-HI", "SY-DI", "SY-DR", "SY-ID", "SY-HL"]
SYLLABLES = [
    "ka",
    "lo",
    "mer",
    "tas",
    "vi",
    "dun",
    "shal",
    "ret",
    "bor",
    "qui",
    "zan",
    "pel",
    "gor",
    "hul",
    "wen",
    "yas",
    "fam",
    "dro",
    "sib",
    "nok",
    "tru",
    "lem",
    "jad",
    "cos",
]


def _words(rng: random.Random, count: int, syllables: int) -> list[str]:
    """Distinct pseudo-words that hold no number word (checked by the parser, in one pass)."""
    out: set[str] = set()
    while len(out) < count:
        out.add("".join(rng.choice(SYLLABLES) for _ in range(syllables)))
    words = sorted(out)
    found = find_mentions(" ".join(words), load_rules(ROOT / "data" / "interval_rules.csv"), keep_left_out=True)
    bad = {m.number_text for m in found}
    return [w for w in words if w not in bad]


class Templates:
    """Each (sentence, phrase, victims) analysed once by the parser: where the number's words are and
    what interval they give; filled sentences reuse it by offset."""

    def __init__(self) -> None:
        self.rules = load_rules(ROOT / "data" / "interval_rules.csv")
        self.cache: dict[str, tuple[int, int, str, object]] = {}

    def analyse(self, sentence: str) -> list:
        return find_mentions(sentence, self.rules, keep_left_out=True)

    def figure(self, template: str, phrase: str, victims: str) -> tuple[str, int, int, object] | None:
        """(head of the sentence up to the variable words, start, end of number_text, parsed)."""
        head = template.split("{place}")[0].replace("{x}", phrase).replace("{v}", victims)
        if head not in self.cache:
            found = self.analyse(head + "Zzz.")
            ok = len(found) == 1 and found[0].parsed is not None and found[0].exclusion_guess is None
            self.cache[head] = (found[0].start, found[0].end, found[0].number_text, found[0].parsed) if ok else None
        hit = self.cache[head]
        return None if hit is None else (head, *hit)


def _schema_row(fields: list[dict], known: dict[str, object]) -> list[str]:
    """One CSV row in the descriptor's column order; columns this script does not know are filled from
    their schema (empty when optional)."""
    row = []
    for fld in fields:
        name = fld["name"]
        if name in known:
            value = known[name]
            row.append("" if value is None else str(value))
            continue
        cons = fld.get("constraints", {})
        if not cons.get("required"):
            row.append("")
        elif "enum" in cons:
            row.append(str(cons["enum"][0]))
        else:
            row.append(
                {"integer": "0", "number": "0", "boolean": "false", "date": "2025-01-01"}.get(
                    fld.get("type", "string"), "unknown"
                )
            )
    return row


class Writer:
    def __init__(self, pkg: Package, out: Path) -> None:
        self.pkg, self.out, self.handles, self.writers = pkg, out, {}, {}

    def add(self, table: str, known: dict[str, object]) -> None:
        if table not in self.writers:
            path = self.out / self.pkg.relpath(table)
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = path.open("w", encoding="utf-8", newline="")
            self.handles[table] = fh
            self.writers[table] = csv.writer(fh, lineterminator="\n")
            self.writers[table].writerow([f["name"] for f in self.pkg.fields(table)])
        self.writers[table].writerow(_schema_row(self.pkg.fields(table), known))

    def close(self) -> None:
        for table in self.pkg.resource_names:  # every table has at least its header
            if table not in self.writers and table not in COPIED:
                self.add_header(table)
        for fh in self.handles.values():
            fh.close()

    def add_header(self, table: str) -> None:
        path = self.out / self.pkg.relpath(table)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerow([f["name"] for f in self.pkg.fields(table)])


def synthesize(n_figures: int, out: Path, seed: int = 1, source: Path = ROOT) -> dict[str, int]:
    """Write the package to `out` (replaced); returns the number of rows per table."""
    rng = random.Random(seed)
    pkg = Package.open(source)
    if out.exists():
        shutil.rmtree(out)
    (out / "seeds").mkdir(parents=True)
    shutil.copy(pkg.root / "datapackage.json", out / "datapackage.json")
    for table in COPIED:
        target = out / pkg.relpath(table)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(pkg.path(table), target)
    # the grading rules by kind only: a rule for one shipped source would name a source the package lacks
    with pkg.path("reliability_rules").open(encoding="utf-8", newline="") as fh:
        rules = list(csv.reader(fh))
    by_kind = [rules[0], *(r for r in rules[1:] if not r[rules[0].index("source_id")])]
    with (out / pkg.relpath("reliability_rules")).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(by_kind)
    actors = [(a["actor_id"], a["name"]) for a in csv.DictReader(pkg.path("actors").open(encoding="utf-8"))]
    templates = Templates()
    places = _words(rng, 400, 2)
    vocabulary = _words(rng, 20_000, 4)  # filler: each text draws its own mix
    writer = Writer(pkg, out)
    counts = dict.fromkeys(["sources", "events", "figures", "attributions", "exclusions"], 0)

    n_texts = max(1, -(-n_figures // 5))
    n_events = max(1, n_figures // 20)
    events = []
    for i in range(n_events):
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
        end = start + timedelta(days=rng.choice([0, 0, 2, 6]))
        precision = "day" if start == end else "week"
        admin1 = rng.choice(ADMIN1)
        event_id = f"e{i:07d}"
        events.append((event_id, start, end, precision, admin1))
        writer.add(
            "events",
            {
                "event_id": event_id,
                "name": f"Killings in {admin1}, synthetic event {i}",
                "event_type": "killings",
                "date_start": start,
                "date_end": end,
                "date_precision": precision,
                "date_basis": "stated",
                "country": "SY",
                "admin1": admin1,
            },
        )
    counts["events"] = n_events

    figure_no = attribution_no = exclusion_no = 0
    originals: list[tuple[str, str, list[str], int]] = []  # (source_id, text, figure ids, event index)
    for t in range(n_texts):
        source_id = f"s{t:07d}"
        left = n_figures - figure_no
        if left <= 0:
            break
        copy_of = originals[rng.randrange(len(originals))] if originals and rng.random() < 0.01 else None
        rows: list[tuple[str, dict]] = []
        if copy_of is not None and len(copy_of[2]) <= left:
            # a planted verbatim copy: the same text and rows, its figures linked to the original's
            text = copy_of[1]
            figure_ids, new_id = [], {}
            for table, old_row in ORIGINAL_ROWS[copy_of[0]]:
                row = {**old_row, "source_id": source_id} if "source_id" in old_row else dict(old_row)
                if table == "figures":
                    figure_no += 1
                    new_id[old_row["figure_id"]] = row["figure_id"] = f"f{figure_no:07d}"
                    figure_ids.append(row["figure_id"])
                    row["copy_of_figure_id"] = old_row.get("copy_of_figure_id") or old_row["figure_id"]
                elif table == "attributions":
                    attribution_no += 1
                    row["attribution_id"], row["figure_id"] = f"a{attribution_no:07d}", new_id[old_row["figure_id"]]
                else:
                    exclusion_no += 1
                    row["exclusion_id"] = f"x{exclusion_no:07d}"
                rows.append((table, row))
            event_index = copy_of[3]
        else:
            copy_of = None
            event_index = rng.randrange(n_events)
            text, rows, figure_ids, figure_no, attribution_no, exclusion_no = _text(
                rng,
                templates,
                min(left, 5),
                source_id,
                events[event_index],
                places,
                vocabulary,
                actors,
                figure_no,
                attribution_no,
                exclusion_no,
                with_exclusion=t % 5 == 0,
                repeat=rng.random() < 0.01,
            )
            originals.append((source_id, text, figure_ids, event_index))
            if len(originals) > 1000:  # bounded memory: copies are of one of the last 1000 originals
                del ORIGINAL_ROWS[originals.pop(0)[0]]
            ORIGINAL_ROWS[source_id] = rows
        raw = text.encode("utf-8")
        digest = hashlib.sha256(raw).hexdigest()
        path = f"seeds/{t:07d}_{digest[:16]}.txt"
        (out / path).write_bytes(raw)
        published = events[event_index][2] + timedelta(days=1)
        writer.add(
            "sources",
            {
                "source_id": source_id,
                "path": path,
                "sha256": digest,
                "label": f"Synthetic text {t}",
                "title": f"Synthetic report {t}",
                "kind": "rewrite" if copy_of else "news",
                "published_earliest": published,
                "published_latest": published,
                "published_basis": "stated",
                "language": "en",
                "published_precision": "day",
                "evidence": "quoted",
                "copy_of_source_id": copy_of[0] if copy_of else None,
            },
        )
        counts["sources"] += 1
        for table, row in rows:
            writer.add(table, row)
            counts[table] += 1
    writer.close()
    ORIGINAL_ROWS.clear()
    _restate_hashes(out)
    return counts


ORIGINAL_ROWS: dict[str, list[tuple[str, dict]]] = {}  # source_id -> its rows, for planted copies


def _restate_hashes(out: Path) -> None:
    """The copied descriptor states the shipped files' sizes and hashes: state the written files' instead."""
    path = out / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for res in descriptor.get("resources", []):
        raw = (out / res["path"]).read_bytes()
        if "bytes" in res:
            res["bytes"] = len(raw)
        if "hash" in res:
            algorithm, _, _ = str(res["hash"]).rpartition(":")
            digest = hashlib.new(algorithm or "md5", raw).hexdigest()
            res["hash"] = f"{algorithm}:{digest}" if algorithm else digest
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _as_of(day: date | None) -> dict[str, object]:
    """An as-of date with its precision and basis, or none of the three."""
    return {"as_of": day, "as_of_precision": "day" if day else None, "as_of_basis": "stated" if day else None}


def _letters(n: int) -> str:
    """n written with letters only (digits would be number mentions): 7 -> 'ba', 0 -> 'ka'."""
    out = ""
    while True:
        n, k = divmod(n, len(SYLLABLES))
        out += SYLLABLES[k]
        if n == 0:
            return out


def _filler(rng: random.Random, vocabulary: list[str], own: list[str], words: int) -> str:
    picked = [rng.choice(own) if rng.random() < 0.5 else rng.choice(vocabulary) for _ in range(words)]
    return picked[0].capitalize() + " " + " ".join(picked[1:]) + "."


def _text(
    rng,
    templates,
    n,
    source_id,
    event,
    places,
    vocabulary,
    actors,
    figure_no,
    attribution_no,
    exclusion_no,
    with_exclusion,
    repeat,
):
    event_id, start, end, precision, admin1 = event
    # the text's own words (as its names of people and villages): rare in the corpus, as real names are
    tag = _letters(int(source_id[1:]))
    own = [rng.choice(vocabulary)[:6] + tag + rng.choice(["an", "ek", "is", "ot"]) for _ in range(30)]
    parts = [f"Synthetic report {source_id} on {rng.choice(places).capitalize()}\n\n"]
    rows: list[tuple[str, dict]] = []
    figure_ids: list[str] = []
    paragraphs: list[tuple[int, int, dict]] = []  # (start, end, figure row) for a repeat
    pos = len(parts[0])
    for _ in range(n):
        while True:
            template, measure, measure_words = rng.choice(FIGURE_SENTENCES)
            low = rng.randrange(2, 3000)
            phrase = rng.choice(PHRASES).format(n=low, m=low + rng.randrange(1, 200))
            victims, victim_group = rng.choice(VICTIMS)
            hit = templates.figure(template, phrase, victims)
            if hit is not None:
                break
        head, a, b, number_text, parsed = hit
        place, village = rng.choice(places).capitalize(), rng.choice(own).capitalize()
        sentence = head + place + template.split("{place}")[1].replace("{village}", village)
        para_start = pos
        figure_no += 1
        fid = f"f{figure_no:07d}"
        figure_ids.append(fid)
        row = {
            "figure_id": fid,
            "source_id": source_id,
            "event_id": event_id,
            "event_basis": "stated",
            "quote": sentence,
            "quote_start": pos,
            "quote_end": pos + len(sentence),
            "number_text": number_text,
            "measure": measure,
            "victim_group": victim_group,
            "qualifier": parsed.qualifier,
            "low": parsed.low,
            "stated_number": parsed.stated,
            "high": parsed.high,
            "interval_rule": parsed.rule,
            "date_start": start,
            "date_end": end,
            "date_precision": precision,
            "date_basis": "from_event",
            "measure_words": measure_words,
            "evidence": "quoted",
            **_as_of(end if rng.random() < 0.3 else None),
            "country": "SY",
            "admin1": admin1,
            "place_text": place,
        }
        rows.append(("figures", row))
        paragraph = sentence
        if rng.random() < 0.5:
            actor_id, actor_name = rng.choice(actors)
            attribution = ATTRIBUTION_SENTENCE.format(actor=actor_name, place=place)
            if not templates.analyse(attribution):
                at = pos + len(paragraph) + 1
                attribution_no += 1
                rows.append(
                    (
                        "attributions",
                        {
                            "attribution_id": f"a{attribution_no:07d}",
                            "figure_id": fid,
                            "actor_id": actor_id,
                            "stance": rng.choice(STANCES),
                            "quote": attribution,
                            "quote_start": at,
                            "quote_end": at + len(attribution),
                        },
                    )
                )
                paragraph += " " + attribution
        paragraph += " " + _filler(rng, vocabulary, own, rng.randrange(20, 40)) + "\n\n"
        paragraphs.append((para_start, para_start + len(paragraph), row))
        parts.append(paragraph)
        pos += len(paragraph)
    if with_exclusion:
        template, reason = rng.choice(EXCLUSION_SENTENCES)
        sentence = template.format(place=rng.choice(places).capitalize())
        found = templates.analyse(sentence)
        if len(found) == 1:
            m = found[0]
            exclusion_no += 1
            rows.append(
                (
                    "exclusions",
                    {
                        "exclusion_id": f"x{exclusion_no:07d}",
                        "source_id": source_id,
                        "quote": sentence,
                        "quote_start": pos,
                        "quote_end": pos + len(sentence),
                        "number_text": m.number_text,
                        "reason": reason,
                    },
                )
            )
            parts.append(sentence + "\n\n")
            pos += len(sentence) + 2
        else:
            raise AssertionError(f"exclusion sentence not read as one mention: {sentence!r}")
    if repeat and paragraphs:
        # the first paragraph again, as page captures repeat passages: its figure is a copy of the first
        a, b, first = paragraphs[0]
        text_so_far = "".join(parts)
        parts.append(text_so_far[a:b])
        figure_no += 1
        fid = f"f{figure_no:07d}"
        figure_ids.append(fid)
        shift = pos - a
        rows.append(
            (
                "figures",
                {
                    **first,
                    "figure_id": fid,
                    "quote_start": first["quote_start"] + shift,
                    "quote_end": first["quote_end"] + shift,
                    "copy_of_figure_id": first["figure_id"],
                },
            )
        )
        # attributions of the repeated paragraph are left to the first figure
        pos += b - a
    parts.append(_filler(rng, vocabulary, own, 30) + "\n")
    return "".join(parts), rows, figure_ids, figure_no, attribution_no, exclusion_no


# --- replicated real rows: the shipped package copied with new ids -----------------------------------------

# The tables whose rows are copied; the others (events, actors, victim groups, interval rules) are lookups
# every copy shares.
REPLICATED = ("sources", "figures", "attributions", "exclusions", "unnumbered_harms", "contradictions")
# Columns that hold an id of a copied table (a list, ';'-separated, for other_source_ids).
_SOURCE_IDS = ("source_id", "copy_of_source_id", "outside_citation", "other_source_ids")
_FIGURE_IDS = ("figure_id", "copy_of_figure_id", "relay_of_figure_id", "part_of_figure_id")
_OWN_IDS = ("attribution_id", "exclusion_id", "harm_id", "contradiction_id")


def replicate(n_figures: int, out: Path, source: Path = ROOT) -> dict[str, int]:
    """Write a package of about n_figures figures made of the package at `source` copied again and again, each
    copy with new ids (the same rows, long notes and many cited sources, as real rows look) and its own texts.
    The first copy is the shipped rows as they are. A later copy's texts end with one more line of letters
    (no number in it), so that each text is a text of its own for the per-text cache, as it would be in a
    real package; a copy's cited URLs get a query that names the copy, so that no two sources share one."""
    pkg = Package.open(source)
    if out.exists():
        shutil.rmtree(out)
    (out / "seeds").mkdir(parents=True)
    shutil.copy(pkg.root / "datapackage.json", out / "datapackage.json")
    for table in pkg.resource_names:
        if table not in REPLICATED:
            target = out / pkg.relpath(table)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(pkg.path(table), target)
    tables = {t: pkg.read_rows(t)[:2] for t in REPLICATED}  # header, rows
    per_copy = max(1, len(tables["figures"][1]))
    copies = max(1, -(-n_figures // per_copy))
    texts = {r["path"]: (pkg.root / r["path"]).read_text(encoding="utf-8") for r in tables["sources"][1] if r["path"]}
    counts = dict.fromkeys(REPLICATED, 0)
    handles = {}
    try:
        for table, (header, _) in tables.items():
            path = out / pkg.relpath(table)
            path.parent.mkdir(parents=True, exist_ok=True)
            handles[table] = path.open("w", encoding="utf-8", newline="")
            csv.writer(handles[table], lineterminator="\n").writerow(header)
        for i in range(copies):
            tag = f"r{i}"

            def new(value: str, tag: str = tag) -> str:
                return ";".join(f"{v}-{tag}" for v in value.split(";")) if value else value

            written = {}
            for table, (header, rows) in tables.items():
                out_rows = []
                for row in rows:
                    if i == 0:  # the rows as shipped, which the shared lookups (events) may name
                        out_rows.append([row.get(c, "") for c in header])
                        if table == "sources" and row["path"]:
                            written[row["path"]] = texts[row["path"]].encode("utf-8")
                        continue
                    row = dict(row)
                    for column in (*_SOURCE_IDS, *_FIGURE_IDS, *_OWN_IDS):
                        if row.get(column):
                            row[column] = new(row[column])
                    if table == "sources" and row["path"]:
                        text = texts[row["path"]] + f"\nReplica {_letters(i)}.\n"
                        raw = text.encode("utf-8")
                        row["path"] = f"seeds/{tag}_{Path(row['path']).name}"
                        row["sha256"] = hashlib.sha256(raw).hexdigest()
                        written[row["path"]] = raw
                    if table == "sources" and row.get("url"):
                        row["url"] += ("&" if "?" in row["url"] else "?") + f"tolls-replica={i}"
                    out_rows.append([row.get(c, "") for c in header])
                csv.writer(handles[table], lineterminator="\n").writerows(out_rows)
                counts[table] += len(out_rows)
            for path, raw in written.items():
                (out / path).write_bytes(raw)
    finally:
        for fh in handles.values():
            fh.close()
    _restate_hashes(out)
    return counts


# --- broken variants: one planted problem each ----------------------------------------------------------


def _edit_csv(path: Path, line: int, field: str, value: str) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    col = rows[0].index(field)
    rows[line - 1][col] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


BROKEN = {
    "type": ("figures", 2, "low", "many"),
    "required": ("figures", 3, "measure", ""),
    "enum": ("figures", 4, "measure", "slain"),
    "pattern": ("sources", 2, "language", "english"),
    "unique": ("figures", 5, "figure_id", "f0000001"),
    "foreign-key": ("figures", 6, "event_id", "no-such-event"),
    "interval": ("figures", 7, "high", "1"),
    "quote": ("figures", 8, "quote_start", "3"),
}


def write_broken(out: Path) -> list[Path]:
    """Copies of the package at `out`, each with one planted problem (kind in the folder's name)."""
    made = []
    for kind, (table, line, field, value) in BROKEN.items():
        target = out.parent / f"{out.name}-broken-{kind}"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(out, target)
        pkg = Package.open(target)
        _edit_csv(pkg.path(table), line, field, value)
        made.append(target)
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of figures")
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--broken", action="store_true", help="also write OUT-broken-<kind>/ with one problem each")
    ap.add_argument(
        "--replicated", action="store_true", help="copy the shipped package's real rows with new ids instead"
    )
    args = ap.parse_args()
    counts = replicate(args.n, args.out) if args.replicated else synthesize(args.n, args.out, args.seed)
    print(f"wrote {args.out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if args.broken:
        for path in write_broken(args.out):
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
