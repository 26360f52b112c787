"""Answers in words: for each question the README asks of the views, the sentence an editor would print, made from
the views' rows.

The rules the sentences keep: each number comes with the body that counted it and the day its count stood (an
undated figure with the days the source giving it was published); a victim group is said as its scope is ('victims,
mostly civilians' is not 'civilians', 'Alawites' is not everyone); a verified minimum is called a
minimum; a body's update is a rise or a fall of one count, never a second count; two figures are never added; the
words are the views' own, without adjectives.

The *_sentence functions take rows (dicts, as the views give them) and return the sentence, so a notebook can call
them on rows it selected itself; the *_answer functions read the rows from an open DuckDB connection; `answer`
opens a built database read-only:

    from tolls.outputs.answers import answer
    answer("build/tolls.duckdb", "growth", event_id="2025-03-coast", body="sohr", scope="civilians")
    # "SOHR's count of civilians killed rose from 745 (9 March 2025) to 1,676 (9 April 2025) in 9 counts."

`tolls docs` writes them into the README under each `<!-- answer: NAME key=value ... -->` line (ANSWERS).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tolls.outputs.charts import _named, _possessive, day_words
from tolls.outputs.report import group_words, short_name

__all__ = [
    "ANSWERS",
    "Names",
    "answer",
    "attributions_answer",
    "attributions_sentence",
    "copies_answer",
    "copies_sentence",
    "discrepancies_answer",
    "discrepancies_sentence",
    "growth_answer",
    "growth_sentence",
    "latest_answer",
    "latest_sentence",
    "ranges_answer",
    "ranges_sentence",
    "relays_answer",
    "relays_sentence",
]

Row = dict
NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# the measure as the words after a group ('civilians killed'); any other measure is said as its name
MEASURE_WORDS = {"casualties": "killed or injured"}


# --------------------------------------------------------------------------- words


def _count(n: int, noun: str, plural: str | None = None) -> str:
    """'two independent bodies', '12 counts': numbers below ten in words."""
    word = NUMBERS[n] if 0 <= n < len(NUMBERS) else f"{n:,}"
    return f"{word} {noun if n == 1 else plural or noun + 's'}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _day(value: object) -> str:
    """'9 April 2025'; '' for no date."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        value = dt.date.fromisoformat(str(value)[:10])
    return day_words(value)


def _published(row: Row) -> str:
    """When the source giving an undated figure was published: 'published 22 to 31 July 2025', 'of unknown date'."""
    early, late = _day(row.get("published_earliest")), _day(row.get("published_latest"))
    if early and late and early != late:
        a, b = early.split(" "), late.split(" ")
        same = 2 if a[1:] == b[1:] else 1 if a[2] == b[2] else 0  # '22 to 31 July 2025', '30 June to 2 July 2025'
        return f"published {' '.join(a[: 3 - same])} to {late}"
    if early or late:
        return f"published {early or late}" + (" or later" if early and not late else "")
    return "of unknown date"


def _when(row: Row) -> str:
    """The day a figure's count stood, else that it is undated and when its source was published."""
    return _day(row.get("as_of")) or f"undated, in a source {_published(row)}"


def _measure(measure: str) -> str:
    return MEASURE_WORDS.get(measure, measure)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Names:
    """How a sentence names an actor and a victim group: from the package's actors and victim_groups tables."""

    actors: dict[str, Row]
    groups: dict[str, Row]
    grades: dict[str, str] = dataclasses.field(default_factory=dict)  # reliability grade -> its label

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> Names:
        return cls(
            {r["actor_id"]: r for r in _rows(con, "SELECT * FROM actors")},
            {r["victim_group"]: r for r in _rows(con, "SELECT * FROM victim_groups")},
            {r["grade"]: r["label"] for r in _rows(con, "SELECT grade, label FROM reliability_grades")},
        )

    def who(self, key: str | None) -> str:
        """An actor (or a counter_key, body_key: 'official-figures@s003') in a sentence: 'SOHR', 'the Syrian
        national inquiry committee', 'official figures (authority not named)'; 'no counter named' for none."""
        actor = self.actors.get((key or "").split("@")[0])
        if actor is None:
            return "no counter named" if not key or key.startswith("figure:") else key
        if actor.get("placeholder"):
            return actor["name"][:1].lower() + actor["name"][1:]
        return _named(short_name(actor["name"], actor.get("aliases")))

    def whose(self, key: str | None) -> str:
        return "no named counter's" if not key or key.startswith("figure:") else _possessive(self.who(key))

    def _group(self, victim_group: str) -> tuple[str, str]:
        row = self.groups.get(victim_group)
        if row is None:
            return victim_group.replace("_", " "), ""
        if row.get("status") == "mostly_civilians":  # a total its counter says is mostly civilians: not civilians
            return "victims", ", mostly civilians"
        if row.get("status") == "unknown" and (row.get("identity") or "any") == "any":  # not all victims either
            return "people", " whose status is not given"
        return group_words(row), ""

    def group(self, victim_group: str) -> str:
        """A victim group as its scope is said: 'civilians', 'Alawites', 'all victims', 'victims, mostly
        civilians', 'people whose status is not given' (people of unknown status are not all victims)."""
        return "".join(self._group(victim_group))

    def counted(self, victim_group: str, measure: str) -> str:
        """'civilians killed', 'people killed whose status is not given', 'victims killed, mostly civilians'."""
        head, tail = self._group(victim_group)
        return f"{head} {_measure(measure)}{tail}"

    def depth_order(self, scopes: Iterable[str]) -> list[str]:
        """The scopes widest first, each followed by the scopes within it (victim_groups.within)."""
        scopes = list(dict.fromkeys(scopes))
        within = {s: (self.groups.get(s) or {}).get("within") for s in scopes}
        ordered: list[str] = []

        def visit(scope: str) -> None:
            ordered.append(scope)
            for child in sorted(s for s in scopes if within[s] == scope):
                visit(child)

        for top in sorted(s for s in scopes if within[s] not in scopes):
            visit(top)
        return ordered


def _figure(row: Row, names: Names, who: bool = True, preliminary: bool = True) -> str:
    """'1,676 (SOHR, 9 April 2025)'; without who: '1,676 (9 April 2025)'. A count its counter calls preliminary
    says so, and a figure from a source whose grade does not corroborate gives the grade."""
    label = row.get("stated_label") or row.get("number_text") or ""
    if preliminary and row.get("count_status") == "preliminary":
        label = f"a preliminary {label}"
    counter = row.get("counter_id") or row.get("counted_by") or row.get("counter_key")
    inside = f"{names.who(counter)}, {_when(row)}" if who else _when(row)
    if row.get("corroborates") is False and row.get("reliability"):
        grade = row["reliability"]
        inside += f"; its source graded {grade}" + (f", {names.grades[grade]}" if grade in names.grades else "")
    return f"{label} ({inside})"


def _minimum(row: Row, names: Names, whose: bool = True) -> str:
    """A verified minimum, or a count its author calls an undercount, named as such: "OHCHR's verified minimum of
    111 (11 March 2025), which it calls an undercount"; without whose: "a verified minimum of 111 (...), ..."."""
    counter = row.get("counter_id") or row.get("counted_by") or row.get("counter_key")
    label, when = row.get("stated_label") or row.get("number_text"), _when(row)
    undercount = ", which it calls an undercount" if row.get("count_status") == "known_undercount" else ""
    if row.get("count_kind") == "verified_minimum":
        return f"{names.whose(counter) if whose else 'a'} verified minimum of {label} ({when}){undercount}"
    return f"{names.whose(counter) + ' ' if whose else ''}{label} ({when}){undercount}"


def _lowest(rows: Sequence[Row]) -> Row:
    # as event_ranges.stated_range orders them: the stated number, else the bounds
    return min(rows, key=lambda r: (_first(r, "stated_number", "low"), _first(r, "low"), r["figure_id"]))


def _highest(rows: Sequence[Row]) -> Row:
    return max(rows, key=lambda r: (_first(r, "stated_number", "high", "low"), _first(r, "high"), r["figure_id"]))


def _by_day(row: Row) -> tuple:
    return (row.get("as_of") is None, str(row.get("as_of") or ""), row["figure_id"])


def _first(row: Row, *keys: str) -> float:
    return next((float(row[k]) for k in keys if row.get(k) is not None), float("inf"))


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()) -> list[Row]:
    cur = con.execute(sql, list(params))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


# --------------------------------------------------------------------------- 1. the range of each scope

HEADLINE_RULE = (
    "the highest lower bound among the independent bodies' latest counts in any group, credible sources first"
)


def ranges_sentence(
    ranges: Sequence[Row], latest: Sequence[Row], undated: Sequence[Row], names: Names, day: object = None
) -> str:
    """One event and measure, a sentence per scope (widest first): the range of the independent bodies' latest
    counts, each end with its counter and day; the verified minimums beside it; a body's undated figure published
    after its latest dated count, with the days its source was published; then the event's one number by its rule
    (the row marked is_event_headline, as tolls.database.flags marks it).

    ranges: event_ranges rows (or ranges_as_of's, for `day`); latest: counter_latest rows of the same event and
    measure; undated: its original whole-event figures with no as-of date (figure_detail rows)."""
    if not ranges:
        return "The package holds no figure for it."
    measure = ranges[0]["measure"]
    by_scope = {r["victim_group"]: r for r in ranges}
    said = []
    for scope in names.depth_order(by_scope):
        row = by_scope[scope]
        mine = [r for r in latest if r["victim_group"] == scope]
        spanned = [r for r in mine if r.get("in_range")]
        if not spanned and not any(r.get("is_minimum") for r in mine):
            continue  # parts only, or relays of another scope's count: no count of its own to say
        if spanned:
            low, high = _lowest(spanned), _highest(spanned)
            if len({r.get("stated_label") for r in spanned}) == 1 and len(spanned) > 1:  # one number, several bodies
                inside = "; ".join(_figure(r, names).split(" (", 1)[1][:-1] for r in sorted(spanned, key=_by_day))
                text = f"{low['stated_label']} ({inside})"
            elif low is high:
                text = _figure(low, names)
            else:
                text = f"{_figure(low, names)} to {_figure(high, names)}"
            n = row.get("n_independent") or len({r["body_key"] for r in spanned})
            bodies = f", {_count(n, 'independent body', 'independent bodies')}" if n > 1 else ""
            graded = row.get("corroboration") not in (None, "single_body") and row.get("corroboration_label")
            if graded and row.get("n_credible") == n:  # the range's grade says how many bodies: 'corroborated by 2'
                bodies = f", {row['corroboration_label']}"
            elif graded:
                bodies += f"; {row['corroboration_label']}"
            text += bodies
        else:
            text = "no count but a minimum"
        extra = [_minimum(m, names) for m in mine if m.get("is_minimum")]
        extra += [
            f"{names.whose(o.get('counter_id'))} first count, {_figure(o, names, who=False)}, which later counts of"
            " others overtook"
            for o in mine
            if o.get("overtaken") and not o.get("is_minimum")
        ]
        for u in (u for u in undated if u["victim_group"] == scope):
            latest_of_body = next((r for r in spanned if u["body_key"] == r["body_key"] and _after(u, r)), None)
            if latest_of_body is not None:
                extra.append(_undated(u, latest_of_body, names))
        text += "".join(f"; beside it, {e}" if i == 0 else f"; {e}" for i, e in enumerate(extra))
        said.append(f"{_cap(names.group(scope))}: {text}.")
    if not said:  # parts only, or what the view says: a minimum only, relays of another scope's count
        parts = sum(r.get("n_parts") or 0 for r in ranges)
        why = f"only {_count(parts, 'part')} of a total (a place, a day, some of the victims)" if parts else ""
        why = why or "; ".join(dict.fromkeys(r["range_label"] for r in ranges if r.get("range_label")))
        return f"Those {_measure(measure)}: no independent body's count for the whole event; {why}."
    then = f" as published by {_day(day)}" if day is not None else ""
    lead = f"Each independent body's latest count of those {_measure(measure)}{then}"
    if len(said) > 1:
        lead += ", group by group (the groups overlap, so they are not added up)"
    text = f"{lead}. " + " ".join(said)
    head = next((r for r in ranges if r.get("is_event_headline")), None)
    fig = next((r for r in latest if head and r["figure_id"] == head["headline_figure_id"]), None)
    if head is not None and fig is not None:
        text += (
            f" One number for the event, by the package's rule ({HEADLINE_RULE}): {fig['stated_label']},"
            f" {names.whose(fig.get('counter_id'))} count of {names.counted(head['victim_group'], measure)}"
            f" ({_when(fig)}); one body's count, never a sum."
        )
    return text


def _undated(undated: Row, latest: Row, names: Names) -> str:
    """A body's figure with no as-of day beside its latest dated count: the same count restated (same interval
    and words), or one that may be later but cannot be placed, so never taken as the latest."""
    said = f"{names.whose(undated.get('counted_by'))} {undated['stated_label']}, undated (in a source"
    said += f" {_published(undated)})"
    same = ("low", "high", "stated_label")
    if all(undated.get(k) == latest.get(k) for k in same):
        return said + ", the same count restated"
    return said + ", is not taken as its latest"


def _after(undated: Row, latest: Row) -> bool:
    """An undated figure published after the day a body's latest dated count stood."""
    published = undated.get("published_latest") or undated.get("published_earliest")
    return published is not None and latest.get("as_of") is not None and _date(published) > _date(latest["as_of"])


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _cutoff(event_id: str, day: str | dt.date | None) -> tuple[str, list[object]]:
    """The cutoffs list of the *_known macros: one event, on a day (None: the package as it is)."""
    return "[{'group_key': ?::VARCHAR, 'known_on': ?::DATE}]", [event_id, day]


def ranges_answer(
    con: duckdb.DuckDBPyConnection, event_id: str, measure: str = "killed", day: str | dt.date | None = None
) -> str:
    """The ranges of one event and measure in words, as they stand now or, given a day, as they stood that day
    from the figures published by then (ranges_as_of)."""
    from tolls.database.flags import ranges_query

    have = [r[0] for r in con.execute("DESCRIBE event_ranges").fetchall()]
    cut, params = _cutoff(event_id, day)
    relation = "event_ranges" if day is None else "(SELECT * FROM ranges_as_of(?::DATE) WHERE event_id = ?)"
    ranges = _rows(
        con,
        f"SELECT * FROM ({ranges_query(have, relation)}) WHERE event_id = ? AND measure = ?",
        ([] if day is None else [day, event_id]) + [event_id, measure],
    )
    latest = _rows(con, f"SELECT * FROM latest_known({cut}) WHERE measure = ?", [*params, measure])
    undated = _rows(
        con,
        f"SELECT * FROM figures_known({cut}) WHERE measure = ? AND is_original AND coverage = 'whole_event'"
        " AND as_of IS NULL ORDER BY figure_id",
        [*params, measure],
    )
    return ranges_sentence(ranges, latest, undated, Names.read(con), day)


# --------------------------------------------------------------------------- 2. each body's latest


def latest_sentence(latest: Sequence[Row], figures: dict[str, Row], names: Names) -> str:
    """One event, measure and scope: each independent body's latest count with its day, how many counts its series
    holds and its first; a minimum called a minimum; an office speaking for a body named with it; a figure of the
    body with no as-of date said not to be its latest.

    latest: counter_latest rows; figures: figure_detail rows by figure_id (for the first count and the undated
    figures of each body)."""
    if not latest:
        return "No independent body gives a count of it for the whole event."
    scope, measure = latest[0]["victim_group"], latest[0]["measure"]
    said = []
    for r in sorted(latest, key=lambda r: (bool(r.get("is_minimum")), -_first(r, "low"), r["body_key"])):
        body, counter = r["body_key"], r.get("counter_id")
        office = counter is not None and counter != body.split("@")[0]  # an office speaking for its body
        text = f"{names.who(body)}: " + (
            _minimum(r, names, whose=False) if r.get("is_minimum") else _figure(r, names, who=office)
        )
        n = (r.get("n_updates") or 0) + 1
        first = figures.get(r.get("earliest_figure_id") or "")
        if n > 1 and first is not None and first.get("stated_label") != r.get("stated_label"):
            start = _figure(first, names, who=first.get("counted_by") != counter)
            text += f", the last of {_count(n, 'count')} since {start}"
        for u in figures.values():
            if (
                u.get("body_key") == body
                and u.get("as_of") is None
                and u.get("is_original")
                and u.get("coverage") == "whole_event"
                and (u.get("event_id"), u.get("measure"), u.get("scope")) == (r.get("event_id"), measure, scope)
            ):
                text += f"; {_undated(u, r, names)}"
        said.append(_cap(text) + ".")
    return f"Each independent body's latest count of {names.counted(scope, measure)}. " + " ".join(said)


def latest_answer(con: duckdb.DuckDBPyConnection, event_id: str, measure: str = "killed", scope: str = "") -> str:
    latest = _rows(
        con,
        "SELECT * FROM counter_latest WHERE event_id = ? AND measure = ? AND victim_group = ? ORDER BY body_key",
        [event_id, measure, scope],
    )
    figures = {r["figure_id"]: r for r in _rows(con, "SELECT * FROM figure_detail WHERE event_id = ?", [event_id])}
    return latest_sentence(latest, figures, Names.read(con))


# --------------------------------------------------------------------------- 3. how one body's count grew


def growth_sentence(steps: Sequence[Row], names: Names) -> str:
    """One body's series for one event, measure and scope (toll_timeline rows with a step, with figure_detail's
    stated_label): from its first count to its last, with their days (and their counters, when the body's
    offices differ); a fall said as a fall (the later count's words rule the earlier one out); an update is one
    count moving, never a second count; a change of whom it counts said."""
    steps = sorted((s for s in steps if s.get("step") is not None), key=lambda s: s["step"])
    if not steps:
        return "The body has no dated count of it for the whole event."
    first, last = steps[0], steps[-1]
    who = len({s.get("counter_id") for s in steps}) > 1  # one government's offices: name each count's office
    what = _count_of(first["body_key"], names.counted(first["scope"], first["measure"]), names)
    if len(steps) == 1:
        return f"{_cap(what)} is {_figure(first, names, who=who)}, its only dated count."
    verb = "rose" if _below(first, last) else "fell" if _below(last, first) else "went"
    text = f"{what} {verb} from {_figure(first, names, who=who)} to {_figure(last, names, who=who)}"
    text += f" in {_count(len(steps), 'count')}"
    falls = [(a, b) for a, b in zip(steps, steps[1:], strict=False) if _below(b, a)]
    if falls and verb != "fell":
        text += "; it fell " + ("once" if len(falls) == 1 else _count(len(falls), "time")) + ", "
        text += "; ".join(f"from {_figure(a, names, who=who)} to {_figure(b, names, who=who)}" for a, b in falls)
    for s in steps[1:]:
        if s.get("scope_changed"):
            text += f"; from {_day(s['as_of'])} it counts {names.group(s['victim_group'])}"
    return _cap(text) + "."


def _count_of(key: str, what: str, names: Names) -> str:
    """ "SOHR's count of civilians killed"; a long name as "the count of civilians killed, as X gives it" (never
    "killed by X")."""
    who = names.who(key)
    return (
        f"{_possessive(who)} count of {what}" if len(who.split()) <= 3 else f"the count of {what}, as {who} gives it,"
    )


def _below(a: Row, b: Row) -> bool:
    """a's count is lower than b's by their words: a's upper bound lies below b's lower bound."""
    return a.get("high") is not None and b.get("low") is not None and a["high"] < b["low"]


def growth_answer(con: duckdb.DuckDBPyConnection, event_id: str, body: str, scope: str, measure: str = "killed") -> str:
    steps = _rows(
        con,
        "SELECT t.*, d.stated_label FROM toll_timeline AS t JOIN figure_detail AS d USING (figure_id)"
        " WHERE t.event_id = ? AND t.measure = ? AND t.body_key = ? AND t.scope = ? AND t.step IS NOT NULL"
        " ORDER BY t.step",
        [event_id, measure, body, scope],
    )
    return growth_sentence(steps, Names.read(con))


# --------------------------------------------------------------------------- 4. where bodies disagree


def discrepancies_sentence(pairs: Sequence[Row], names: Names) -> str:
    """The pairs of independent bodies whose latest counts of one scope do not overlap (discrepancies rows): each
    with both counts and their days, said to be a disagreement or a difference of timing."""
    tail = "A body's own updates, and the offices of one government, are never set against each other."
    if not pairs:
        return f"The independent bodies' latest counts overlap in every group they both count. {tail}"
    said = []
    for p in pairs:
        a = f"{names.whose(p['counter_key_a'])} {p['range_label_a']} ({_day(p['as_of_a']) or 'undated'})"
        b = f"{names.whose(p['counter_key_b'])} {p['range_label_b']} ({_day(p['as_of_b']) or 'undated'})"
        if p["kind"] == "timing":
            days = p.get("as_of_gap_days")
            older = f"{_count(days, 'day')} older" if days is not None else "older"
            why = f"a difference of timing: the lower count is {older} and its counter does not call it final"
        elif p.get("as_of_a") is None or p.get("as_of_b") is None:
            why = "a disagreement: one count is undated, so timing cannot explain it"
        elif p.get("as_of_gap_days") == 0:
            why = "a disagreement: both counts stood on the same day"
        elif p.get("count_status_a") == "final":
            why = "a disagreement: its counter calls the lower count final"
        else:
            why = "a disagreement: the lower count is the more recent"
        said.append(f"{_cap(names.counted(p['scope'], p['measure']))}: {a} against {b}, {why}.")
    n = len(pairs)
    lead = "One pair" if n == 1 else _cap(_count(n, "pair"))
    lead += f" of independent bodies' latest counts of one group {'does' if n == 1 else 'do'} not overlap."
    return f"{lead} {' '.join(said)} {tail}"


def discrepancies_answer(con: duckdb.DuckDBPyConnection, event_id: str) -> str:
    pairs = _rows(
        con,
        "SELECT * FROM discrepancies WHERE event_id = ? ORDER BY measure, scope, counter_a, counter_b",
        [event_id],
    )
    return discrepancies_sentence(pairs, Names.read(con))


# --------------------------------------------------------------------------- 5. relays


def relays_sentence(relays: Sequence[tuple[Row, Row]], names: Names) -> str:
    """Each figure of a text that retells another source's figure, as (the relay, what it relays), both
    figure_detail rows: what the relay changed (relay_change) shown by both wordings; the relays that change
    nothing counted."""
    if not relays:
        return "No text relays a figure of another source."
    changed, same = [], []
    for d, o in relays:
        told = f"{names.whose(o.get('counted_by'))} {o['number_text']}"
        if not d.get("relay_change"):
            same.append(f"{d['source_id']}'s “{d['number_text']}” ({names.who(o.get('counted_by'))}, {_when(o)})")
            continue
        as_ = f"“{d['number_text']}”"
        if d["victim_group"] != o["victim_group"]:
            as_ += f" {names.group(d['victim_group'])}"
        changed.append(
            f"{d['source_id']} gives {told} ({names.counted(o['victim_group'], o['measure'])}, {_when(o)}) as {as_}"
        )
    n = len(relays)
    text = f"{_cap(_count(n, 'figure'))} in the texts {'retells' if n == 1 else 'retell'} another source's count"
    if changed:
        it = "it retells" if len(changed) == 1 else "they retell"
        text += f"; {_count(len(changed), 'changes', 'change')} what {it}: "
        text += "; ".join(changed)
    if same:
        text += f"; {_count(len(same), 'repeats', 'repeat')} it unchanged: " + ", ".join(same)
    return text + "."


def relays_answer(con: duckdb.DuckDBPyConnection, evidence: str = "quoted") -> str:
    figures = {r["figure_id"]: r for r in _rows(con, "SELECT * FROM figure_detail ORDER BY figure_id")}
    pairs = [
        (f, figures[f["relay_of_figure_id"]])
        for f in figures.values()
        if f.get("relay_of_figure_id") in figures and f.get("evidence") == evidence
    ]
    return relays_sentence(pairs, Names.read(con))


# --------------------------------------------------------------------------- 6. attributions


def attributions_sentence(pairs: Sequence[Row], figures: dict[str, Row]) -> str:
    """Pairs of attributions naming different actors for the harm of one event (attribution_conflicts rows), one
    sentence per figure: the actors with how the source puts each; a pair is not said to be a contradiction."""
    if not pairs:
        return "No text names more than one actor as causing the harm it counts."
    by_figure: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for p in pairs:
        for k in ("a", "b"):
            named = by_figure.setdefault((p[f"source_id_{k}"], p[f"figure_id_{k}"]), [])
            if (p[f"actor_{k}"], p[f"stance_{k}"]) not in named:
                named.append((p[f"actor_{k}"], p[f"stance_{k}"]))
    said = []
    for (source, figure), named in by_figure.items():
        words = (figures.get(figure) or {}).get("number_text", "")
        stances = "; ".join(f"{stance.replace('_', ' ')}: {actor}" for actor, stance in named)
        said.append(f"Text {source}, on its figure “{words}” ({figure}), {stances}.")
    n = len({s for s, _ in by_figure})
    lead = f"{_cap(_count(n, 'text'))} name{'s' if n == 1 else ''} more than one actor for the harm one figure counts."
    return f"{lead} {' '.join(said)} A pair is not a contradiction by itself: the quotes show how each is put."


def attributions_answer(con: duckdb.DuckDBPyConnection, event_id: str, within_source: bool = True) -> str:
    pairs = _rows(
        con,
        "SELECT * FROM attribution_conflicts WHERE event_id = ? AND within_source = ?"
        " ORDER BY attribution_id_a, attribution_id_b",
        [event_id, within_source],
    )
    figures = {r["figure_id"]: r for r in _rows(con, "SELECT * FROM figure_detail WHERE event_id = ?", [event_id])}
    return attributions_sentence(pairs, figures)


# --------------------------------------------------------------------------- 7. copies


def copies_sentence(pairs: Sequence[Row]) -> str:
    """Texts that copy or reword one another, and passages a text repeats (source_copies rows)."""
    between = [p for p in pairs if p["kind"] == "between_sources"]
    within = [p for p in pairs if p["kind"] == "within_source"]
    said = []
    for p in between:
        recorded = "recorded as a copy" if p.get("declared_copy") else "not recorded as a copy"
        said.append(
            f"Texts {p['source_id_a']} and {p['source_id_b']} tell one story ({recorded};"
            f" {round(100 * p['similarity'])}% of their distinct words in common)."
        )
    for p in within:
        said.append(
            f"Text {p['source_id_a']} repeats its lines {p['line_a_first']} to {p['line_a_last']} as lines"
            f" {p['line_b_first']} to {p['line_b_last']}."
        )
    if not said:
        return "No text copies another or repeats itself."
    return f"{' '.join(said)} A copy's figures count once, with the figures it repeats."


def copies_answer(con: duckdb.DuckDBPyConnection) -> str:
    return copies_sentence(_rows(con, "SELECT * FROM source_copies ORDER BY kind, source_id_a, source_id_b"))


# --------------------------------------------------------------------------- by name

ANSWERS: dict[str, Callable[..., str]] = {
    "ranges": ranges_answer,
    "latest": latest_answer,
    "growth": growth_answer,
    "discrepancies": discrepancies_answer,
    "relays": relays_answer,
    "attributions": attributions_answer,
    "copies": copies_answer,
}


class AnswerError(ValueError):
    """An answer that does not exist, or arguments it does not take."""


def answer_on(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> str:
    """The answer NAME (a key of ANSWERS) from an open connection to a built database."""
    if name not in ANSWERS:
        raise AnswerError(f"no answer named {name!r}; the answers are {', '.join(ANSWERS)}")
    try:
        return ANSWERS[name](con, **params)
    except TypeError as exc:
        raise AnswerError(f"answer {name!r}: {exc}") from None


def answer(db_path: str | Path, name: str, **params: object) -> str:
    """The answer NAME from the database at db_path (opened read-only), e.g.
    answer("build/tolls.duckdb", "ranges", event_id="2025-03-coast", measure="killed")."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        con.execute("SET enable_progress_bar = false")
        return answer_on(con, name, **params)
    finally:
        con.close()
