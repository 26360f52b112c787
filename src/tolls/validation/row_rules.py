"""Rules: the cross-field constraints that Table Schema cannot state, as pandera checks.

Each rule names the field a contributor should look at and says, with the row's own values, what is
expected. Column types and single-field constraints are not repeated here: they come from
datapackage.json, through frictionless and through `schema_for` below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc

if TYPE_CHECKING:  # pandera takes a second to import; validation runs the rules without it
    import pandera.pandas as pa

from tolls.package.loading import PANDAS_DTYPES, Package
from tolls.validation.frames import isin, positions

# The tables whose rows quote a source text at offsets (checked against the text in provenance).
QUOTED_TABLES = ("figures", "exclusions", "attributions", "unnumbered_harms", "contradictions")
# A cited figure's number_text is the phrase as published, a few words, never the document's sentences.
CITED_MAX_WORDS = 8


@dataclass(frozen=True)
class RowRule:
    """A row-wise rule: `ok(frame)` is True where a row satisfies it (rows with nulls in the compared
    fields pass: an empty cell is "unknown", and frictionless already says whether it may be empty)."""

    resource: str
    name: str
    field: str
    message: str  # formatted with the row's values
    ok: Callable[[pd.DataFrame], pd.Series]
    # Rows (cells as written in the CSV, "" for empty) that break the rule; CODEBOOK.md formats the message with
    # the first: the codebook's example, and the test that every rule catches what it claims to.
    example: tuple[dict[str, str], ...]
    fix: str  # what to do, for CODEBOOK.md

    @property
    def code(self) -> str:
        """The stable code validation reports it under (CODEBOOK.md lists each)."""
        return self.name.replace("_", "-")


def _le(a: str, b: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: (df[a].isna() | df[b].isna() | (df[a] <= df[b])).astype(bool)


def _today() -> pd.Timestamp:
    return pd.Timestamp.now().normalize()


def _not_future(field: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: (df[field].isna() | (df[field] <= _today())).astype(bool)


def _exact(df: pd.DataFrame) -> pd.Series:
    exact = (df["qualifier"] == "exact").fillna(False)  # an empty qualifier is frictionless's to report
    same = df["low"].notna() & (df["low"] == df["stated_number"]) & (df["stated_number"] == df["high"])
    return (~exact | same).fillna(False).astype(bool)


def _all_or_none(
    when: Callable[[pd.DataFrame], pd.Series], fields: tuple[str, ...], otherwise_empty: bool = True
) -> Callable[[pd.DataFrame], pd.Series]:
    """Where `when` holds, every field is filled; elsewhere (if otherwise_empty) every field is empty."""

    def ok(df: pd.DataFrame) -> pd.Series:
        cond = when(df).fillna(False).astype(bool)
        filled = pd.concat([df[f].notna() for f in fields], axis=1).all(axis=1)
        empty = pd.concat([df[f].isna() for f in fields], axis=1).all(axis=1)
        return ((cond & filled) | (~cond & (empty if otherwise_empty else True))).astype(bool)

    return ok


def _is(field: str, value: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: df[field] == value


def _filled(field: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: df[field].notna()


def _outside_cited(*bases: str) -> Callable[[pd.DataFrame], pd.Series]:
    """A value marked outside_knowledge names its citation, and a citation is there only for such a value."""

    def ok(df: pd.DataFrame) -> pd.Series:
        outside = pd.concat([df[b] == "outside_knowledge" for b in bases], axis=1).fillna(False).any(axis=1)
        return (outside == df["outside_citation"].notna()).astype(bool)

    return ok


# The characters Python's str.split() splits words at (str.isspace), written for Arrow's regular expressions
# (RE2, whose \s is ASCII only): a thin space inside "1 000" separates words as str.split() says.
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"


def _words_at_most(field: str, n: int) -> Callable[[pd.DataFrame], pd.Series]:
    """At most n words (as str.split() counts them): one regular expression over the column, where splitting
    a million cells into lists of words took 300 MB."""
    more = f"^[{_SPACE}]*(?:[^{_SPACE}]+[{_SPACE}]+){{{n}}}[^{_SPACE}]"  # an (n+1)th word

    def ok(df: pd.DataFrame) -> pd.Series:
        cells = pyarrow.array(df[field], from_pandas=True)
        longer = pc.match_substring_regex(cells, more).fill_null(False).to_numpy(zero_copy_only=False)
        return pd.Series(~np.asarray(longer, dtype=bool), index=df.index, dtype=bool)

    return ok


def _cited_words_short(df: pd.DataFrame) -> pd.Series:
    # a cited document's number phrase, never its sentences: a few words only
    cited = (df["evidence"] == "cited").fillna(False)
    return (~cited | _words_at_most("number_text", CITED_MAX_WORDS)(df)).astype(bool)


def _precision_day(df: pd.DataFrame) -> pd.Series:
    day = df["published_precision"] == "day"
    one = df["published_earliest"].notna() & (df["published_earliest"] == df["published_latest"])
    return (day.fillna(False) == one.fillna(False)).astype(bool)


def _not_copy_and_relay(df: pd.DataFrame) -> pd.Series:
    return (df["copy_of_figure_id"].isna() | df["relay_of_figure_id"].isna()).astype(bool)


def _event_basis(df: pd.DataFrame) -> pd.Series:
    none = df["event_basis"] == "none"
    return (none == df["event_id"].isna()).fillna(True).astype(bool)


def _published_basis(df: pd.DataFrame) -> pd.Series:
    basis = df["published_basis"]
    dated = df["published_earliest"].notna() | df["published_latest"].notna()
    stated_ok = (basis != "stated") | (
        df["published_earliest"].notna() & (df["published_earliest"] == df["published_latest"])
    )
    unknown_ok = (basis != "unknown") | ~dated
    return (stated_ok & unknown_ok).fillna(True).astype(bool)


def _note_when_inferred(df: pd.DataFrame) -> pd.Series:
    return ((df["published_basis"] == "stated") | df["published_note"].notna()).fillna(True).astype(bool)


def _not_self(a: str, b: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: (df[b].isna() | (df[a] != df[b])).fillna(True).astype(bool)


def _unique_pair(a: str, b: str) -> Callable[[pd.DataFrame], pd.Series]:
    # rows missing either cell are not a repeated pair (frictionless reports the empty cell)
    return lambda df: ~df.duplicated([a, b], keep="first") | df[[a, b]].isna().any(axis=1)


def _no_copy_loop(key: str, copy_of: str) -> Callable[[pd.DataFrame], pd.Series]:
    """A chain of copies must end at an original; a loop leaves the views no figure to count once.

    Each row's link is followed by pointer doubling (after k rounds a row points 2**k links ahead, or at
    nothing once its chain has ended): a chain that has not ended after more links than there are rows runs
    in a loop. Integer arrays only, where a dict of a million ids took a hundred megabytes."""

    def ok(df: pd.DataFrame) -> pd.Series:
        ahead = positions(df[copy_of], df[key])  # the row each row copies, -1 for none
        ahead[df[key].isna().to_numpy(dtype=bool)] = -1
        own = ahead == np.arange(len(ahead))  # a row naming itself is the not_own_copy rule's to report
        for _ in range(max(1, int(np.ceil(np.log2(len(ahead) + 1))))):
            ahead = np.where(ahead >= 0, ahead[np.maximum(ahead, 0)], -1)
        return pd.Series(own | (ahead < 0), index=df.index, dtype=bool)

    return ok


def _admin1_in_country(df: pd.DataFrame) -> pd.Series:
    def ok(admin1: object, country: object) -> bool:
        if pd.isna(admin1) or pd.isna(country):
            return True
        return all(code.split("-")[0] == country for code in str(admin1).split(";"))

    both = (df["admin1"].notna() & df["country"].notna()).to_numpy(dtype=bool)
    pairs = df["admin1"][both].astype("string") + "\x1f" + df["country"][both].astype("string")
    outside = {pair for pair in pairs.unique().tolist() if not ok(*pair.split("\x1f"))}  # a few places repeat
    out = pd.Series(True, index=df.index, dtype=bool)
    if outside:
        out[both] = ~isin(pairs, outside).to_numpy(dtype=bool)
    return out


def _offsets(
    quote: str = "quote", start: str = "quote_start", end: str = "quote_end"
) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: (
        (df[start].isna() | df[end].isna() | df[quote].isna() | (df[end] - df[start] == df[quote].str.len()))
        .fillna(True)
        .astype(bool)
    )


def _self_and_loop(
    link: tuple[str, str, str, str, tuple[str, str]], own: tuple[str, str], loop: tuple[str, str, str]
) -> tuple[RowRule, RowRule]:
    """The two rules of a column naming another row of its table (a copy, a relay, a part): never the row
    itself, and every chain of such links ends. `link` is (table, key, column, noun, two example ids),
    `own` (rule name, fix), `loop` (rule name, what the loop means, fix)."""
    resource, key, column, noun, (a, b) = link
    return (
        RowRule(
            resource,
            own[0],
            column,
            f"{column} is the {noun} itself ({{{key}}})",
            _not_self(key, column),
            example=({key: a, column: a},),
            fix=own[1],
        ),
        RowRule(
            resource,
            loop[0],
            column,
            f"{column} {{{column}}} leads back to {{{key}}}: {loop[1]}",
            _no_copy_loop(key, column),
            example=({key: a, column: b}, {key: b, column: a}),
            fix=loop[2],
        ),
    )


ROW_RULES: list[RowRule] = [
    RowRule(
        "figures",
        "low_le_high",
        "high",
        "high {high} is below low {low}; expected low <= high",
        _le("low", "high"),
        example=({"low": "1700", "high": "1600"},),
        fix='Make low no greater than high; for an open upper end ("over 740") leave high empty.',
    ),
    RowRule(
        "figures",
        "exact_is_point",
        "qualifier",
        "qualifier is exact but low, stated_number, high are {low}, {stated_number}, {high}; expected all three equal",
        _exact,
        example=({"qualifier": "exact", "low": "745", "stated_number": "745", "high": "750"},),
        fix=(
            "Give an exact number as low = stated_number = high, or choose the qualifier the words say "
            "(CODEBOOK.md, interval rules)."
        ),
    ),
    RowRule(
        "figures",
        "quote_for_evidence",
        "quote",
        "evidence is {evidence}; expected quote, quote_start and quote_end all filled for a quoted figure and all "
        "empty for a cited one (the package keeps no sentences of a cited document)",
        _all_or_none(_is("evidence", "quoted"), ("quote", "quote_start", "quote_end")),
        example=({"evidence": "cited", "quote": "killed 745 people", "quote_start": "120", "quote_end": "137"},),
        fix=(
            "Fill quote, quote_start and quote_end for a figure quoted from a text in seeds/; leave all three "
            "empty for a cited page."
        ),
    ),
    RowRule(
        "figures",
        "cited_number_text_short",
        "number_text",
        f"a cited figure's number_text is the number phrase as published, at most {CITED_MAX_WORDS} words; "
        "'{number_text}' is longer",
        _cited_words_short,
        example=(
            {
                "evidence": "cited",
                "number_text": "more than 1,500 civilians were killed in the coastal region last week",
            },
        ),
        fix=(
            "Keep only the number phrase as the page prints it ('more than 1,500'); the package keeps no "
            "sentences of a cited page."
        ),
    ),
    RowRule(
        "figures",
        "as_of_described",
        "as_of_basis",
        "as_of is {as_of}, as_of_precision {as_of_precision}, as_of_basis {as_of_basis}; expected all three filled "
        "or all three empty",
        _all_or_none(_filled("as_of"), ("as_of_precision", "as_of_basis")),
        example=({"as_of": "2025-03-09", "as_of_precision": "", "as_of_basis": ""},),
        fix="Say how precise as_of is and what it rests on (as_of_precision, as_of_basis), or leave all three empty.",
    ),
    RowRule(
        "figures",
        "outside_knowledge_cited",
        "outside_citation",
        "event_basis, date_basis, as_of_basis are {event_basis}, {date_basis}, {as_of_basis} and outside_citation is "
        "{outside_citation}; expected a citation exactly when a value is outside_knowledge",
        _outside_cited("event_basis", "date_basis", "as_of_basis"),
        example=(
            {
                "event_basis": "stated",
                "date_basis": "from_event",
                "as_of_basis": "outside_knowledge",
                "outside_citation": "",
            },
        ),
        fix=(
            "Put the source_id of the page the value comes from in outside_citation, or choose the basis the "
            "text supports."
        ),
    ),
    RowRule(
        "figures",
        "copy_or_relay",
        "relay_of_figure_id",
        "both copy_of_figure_id ({copy_of_figure_id}) and relay_of_figure_id ({relay_of_figure_id}) are filled; a "
        "figure repeats another verbatim (copy) or in other words (relay), not both",
        _not_copy_and_relay,
        example=({"copy_of_figure_id": "p003", "relay_of_figure_id": "p003"},),
        fix=(
            "Keep copy_of_figure_id when the words are the other figure's own, relay_of_figure_id when they are "
            "not; empty the other."
        ),
    ),
    RowRule(
        "figures",
        "date_order",
        "date_end",
        "date_end {date_end} is before date_start {date_start}",
        _le("date_start", "date_end"),
        example=({"date_start": "2025-03-10", "date_end": "2025-03-06"},),
        fix="Correct the day that is wrong: date_start is the first day of the period counted, date_end the last.",
    ),
    RowRule(
        "figures",
        "as_of_after_start",
        "as_of",
        "as_of {as_of} is before date_start {date_start}; a count cannot refer to a day before the period it covers",
        _le("date_start", "as_of"),
        example=({"as_of": "2025-03-05", "date_start": "2025-03-06"},),
        fix=(
            "Check both days against the text: as_of is the day the count was given, on or after the first day "
            "it counts."
        ),
    ),
    RowRule(
        "figures",
        "as_of_not_future",
        "as_of",
        "as_of {as_of} is in the future; a count is as of a day that has passed",
        _not_future("as_of"),
        example=({"as_of": "2999-01-01"},),
        fix="Give the day the count was given, today or earlier.",
    ),
    *(
        RowRule(
            name,
            "date_not_future",
            fld,
            f"{fld} {{{fld}}} is in the future; a text reports what has happened",
            _not_future(fld),
            example=({fld: "2999-01-01"},),
            fix="Give the day the text reports, today or earlier.",
        )
        for name in ("figures", "events")
        for fld in ("date_start", "date_end")
    ),
    RowRule(
        "figures",
        "event_basis",
        "event_basis",
        "event_basis is {event_basis} but event_id is {event_id}; expected 'none' exactly when event_id is empty",
        _event_basis,
        example=({"event_basis": "stated", "event_id": ""},),
        fix="Set event_basis to none for a figure of no event, or fill event_id.",
    ),
    *_self_and_loop(
        ("figures", "figure_id", "copy_of_figure_id", "figure", ("p003", "p004")),
        ("not_own_copy", "Name the figure this one copies, or leave copy_of_figure_id empty."),
        (
            "copies_end_at_an_original",
            "the copies form a loop; a chain of copies must end at the original figure",
            "Leave copy_of_figure_id empty on the original figure, where the chain of copies starts.",
        ),
    ),
    *_self_and_loop(
        ("figures", "figure_id", "relay_of_figure_id", "figure", ("p003", "p004")),
        ("not_own_relay", "Name the figure this one relays, or leave relay_of_figure_id empty."),
        (
            "relays_end_at_an_original",
            "the relays form a loop",
            "Leave relay_of_figure_id empty on the figure the relays start from.",
        ),
    ),
    *_self_and_loop(
        ("figures", "figure_id", "part_of_figure_id", "figure", ("p003", "p004")),
        ("not_own_part", "Name the total this figure is a part of, or leave part_of_figure_id empty."),
        (
            "parts_end_at_a_total",
            "the parts form a loop",
            "Leave part_of_figure_id empty on the total the parts belong to.",
        ),
    ),
    RowRule(
        "figures",
        "admin1_in_country",
        "admin1",
        "admin1 {admin1} is not inside country {country}",
        _admin1_in_country,
        example=({"admin1": "TR-31", "country": "SY"},),
        fix="Use ISO 3166-2 codes of the row's country (SY-LA for Latakia), or correct country.",
    ),
    *(
        RowRule(
            name,
            "quote_length",
            "quote_end",
            "quote_end - quote_start is {quote_end} - {quote_start}, "
            "but the quote has a different length; expected quote_end = quote_start + length of quote",
            _offsets(),
            example=({"quote": "745", "quote_start": "100", "quote_end": "104"},),
            fix="Set quote_end to quote_start plus the quote's length in characters, or correct the quote.",
        )
        for name in QUOTED_TABLES
    ),
    RowRule(
        "contradictions",
        "other_quote_length",
        "other_quote_end",
        "other_quote_end - other_quote_start is "
        "{other_quote_end} - {other_quote_start}, but other_quote has a different length",
        _offsets("other_quote", "other_quote_start", "other_quote_end"),
        example=({"other_quote": "745", "other_quote_start": "100", "other_quote_end": "104"},),
        fix=(
            "Set other_quote_end to other_quote_start plus the other quote's length in characters, or correct "
            "the quote."
        ),
    ),
    RowRule(
        "contradictions",
        "against_what",
        "against",
        "against is {against}; expected other_quote with its offsets for same_text (and no other_source_ids), "
        "other_source_ids for other_sources (and no other_quote)",
        lambda df: (
            _all_or_none(_is("against", "same_text"), ("other_quote", "other_quote_start", "other_quote_end"))(df)
            & _all_or_none(_is("against", "other_sources"), ("other_source_ids",))(df)
        ),
        example=(
            {
                "against": "same_text",
                "other_quote": "",
                "other_quote_start": "",
                "other_quote_end": "",
                "other_source_ids": "s003",
            },
        ),
        fix=(
            "For same_text fill other_quote and its offsets; for other_sources fill other_source_ids; leave the "
            "other empty."
        ),
    ),
    RowRule(
        "attributions",
        "one_row_per_figure_actor",
        "actor_id",
        "figure {figure_id} is already attributed to {actor_id} in an earlier row; "
        "expected one row per (figure, actor)",
        _unique_pair("figure_id", "actor_id"),
        example=(
            {"figure_id": "f003", "actor_id": "government_forces"},
            {"figure_id": "f003", "actor_id": "government_forces"},
        ),
        fix="Keep one row per figure and actor: delete the repeat, or correct its figure_id or actor_id.",
    ),
    RowRule(
        "events",
        "date_order",
        "date_end",
        "date_end {date_end} is before date_start {date_start}",
        _le("date_start", "date_end"),
        example=({"date_start": "2025-03-10", "date_end": "2025-03-06"},),
        fix="Correct the day that is wrong: date_start is the event's first day, date_end its last.",
    ),
    RowRule(
        "events",
        "admin1_in_country",
        "admin1",
        "admin1 {admin1} is not inside country {country}",
        _admin1_in_country,
        example=({"admin1": "TR-31", "country": "SY"},),
        fix="Use ISO 3166-2 codes of the row's country (SY-LA for Latakia), or correct country.",
    ),
    RowRule(
        "sources",
        "published_order",
        "published_latest",
        "published_latest {published_latest} is before published_earliest {published_earliest}",
        _le("published_earliest", "published_latest"),
        example=({"published_earliest": "2025-03-10", "published_latest": "2025-03-08"},),
        fix=(
            "Correct the day that is wrong: published_earliest is the first day the text can have appeared, "
            "published_latest the last."
        ),
    ),
    RowRule(
        "sources",
        "published_basis",
        "published_basis",
        "published_basis is {published_basis} but the dates are {published_earliest} to {published_latest}; "
        "expected one day for 'stated' and no dates for 'unknown'",
        _published_basis,
        example=({"published_basis": "stated", "published_earliest": "2025-03-08", "published_latest": "2025-03-10"},),
        fix=(
            "Use stated for the one day the text prints; for a span, say how it was inferred; leave the dates "
            "empty for unknown."
        ),
    ),
    RowRule(
        "sources",
        "text_for_evidence",
        "path",
        "evidence is {evidence}; expected path and sha256 for a quoted source (its text is in seeds/), and neither "
        "for a cited one",
        _all_or_none(_is("evidence", "quoted"), ("path", "sha256")),
        example=({"evidence": "cited", "path": "seeds/006.txt", "sha256": ""},),
        fix=(
            "A quoted source has its text in seeds/ (path and sha256); a cited page has neither: its url says "
            "where to read it."
        ),
    ),
    RowRule(
        "sources",
        "cited_has_url",
        "url",
        "evidence is cited but url is empty; a cited source needs the address a person can open to check it",
        _all_or_none(_is("evidence", "cited"), ("url",), otherwise_empty=False),
        example=({"evidence": "cited", "url": ""},),
        fix="Give the page's address as it was read.",
    ),
    RowRule(
        "sources",
        "published_precision",
        "published_precision",
        "published_precision is {published_precision} but the dates are {published_earliest} to {published_latest}; "
        "expected 'day' exactly when both dates are the same day",
        _precision_day,
        example=({"published_precision": "day", "published_earliest": "2025-03-08", "published_latest": "2025-03-10"},),
        fix="Use day when both dates are one day; otherwise the precision of the span.",
    ),
    RowRule(
        "sources",
        "outside_knowledge_cited",
        "outside_citation",
        "published_basis is {published_basis} and outside_citation is {outside_citation}; expected a citation "
        "exactly when the dates rest on outside_knowledge",
        _outside_cited("published_basis"),
        example=({"published_basis": "outside_knowledge", "outside_citation": ""},),
        fix=(
            "Put the source_id of the page the dates come from in outside_citation, or choose the basis the text "
            "supports."
        ),
    ),
    RowRule(
        "sources",
        "published_note",
        "published_note",
        "published_basis is {published_basis}; say how the date was inferred, or why it is unknown, in published_note",
        _note_when_inferred,
        example=({"published_basis": "inferred_from_text", "published_note": ""},),
        fix="Say in published_note what the date was inferred from, or why it is unknown.",
    ),
    RowRule(
        "sources",
        "read_after_published",
        "read_on",
        "read_on {read_on} is before published_earliest {published_earliest}; a page is read after it is published",
        _le("published_earliest", "read_on"),
        example=({"read_on": "2025-03-07", "published_earliest": "2025-03-08"},),
        fix="Give the day the page was read, on or after the day it was published; or correct published_earliest.",
    ),
    RowRule(
        "sources",
        "date_not_future",
        "read_on",
        "read_on {read_on} is in the future; give the day the page was read",
        _not_future("read_on"),
        example=({"read_on": "2999-01-01"},),
        fix="Give the day the page was read, today or earlier.",
    ),
    *_self_and_loop(
        ("sources", "source_id", "copy_of_source_id", "source", ("s002", "s005")),
        ("not_own_copy", "Name the source this one copies, or leave copy_of_source_id empty."),
        (
            "copies_end_at_an_original",
            "the copies form a loop; a chain of copies must end at the original text",
            "Leave copy_of_source_id empty on the original text, where the chain of copies starts.",
        ),
    ),
    RowRule(
        "events",
        "outside_knowledge_cited",
        "outside_citation",
        "date_basis is outside_knowledge but outside_citation is empty; name the cited source the dates come from",
        _all_or_none(_is("date_basis", "outside_knowledge"), ("outside_citation",), otherwise_empty=False),
        example=({"date_basis": "outside_knowledge", "outside_citation": ""},),
        fix=(
            "Put the source_id of the page the dates come from in outside_citation, or choose the basis the text "
            "supports."
        ),
    ),
    RowRule(
        "figures",
        "measure_words_when_quoted",
        "measure_words",
        "evidence is {evidence} and measure_words is {measure_words}; expected the text's words for what is "
        "counted in a quoted figure, and none in a cited one",
        _all_or_none(_is("evidence", "quoted"), ("measure_words",)),
        example=({"evidence": "quoted", "measure_words": ""},),
        fix=(
            "Copy the text's words for what is counted ('were killed') for a quoted figure; leave measure_words "
            "empty for a cited one."
        ),
    ),
    RowRule(
        "events",
        "not_own_double",
        "possibly_same_as",
        "possibly_same_as is the event itself ({event_id})",
        _not_self("event_id", "possibly_same_as"),
        example=({"event_id": "2025-03-coast", "possibly_same_as": "2025-03-coast"},),
        fix="Name another event this one may be, or leave possibly_same_as empty.",
    ),
    # bodies, scopes and grades (issue 19): the one-step and no-loop rules; the joins are in series.py
    RowRule(
        "actors",
        "not_own_body",
        "speaks_for",
        "speaks_for is the actor itself ({actor_id}); leave it empty for an actor that is its own body",
        _not_self("actor_id", "speaks_for"),
        example=({"actor_id": "sohr", "speaks_for": "sohr"},),
        fix="Leave speaks_for empty for an actor that is its own body; name the body for an office of another.",
    ),
    *_self_and_loop(
        ("victim_groups", "victim_group", "within", "group", ("civilians", "mostly_civilians")),
        ("not_own_within", "Name the wider group this one lies within, or leave within empty for the widest."),
        (
            "within_loop",
            "the scopes nest in a loop; nesting must end at the widest scope",
            "Leave within empty on the widest group, where the nesting ends.",
        ),
    ),
    RowRule(
        "reliability_rules",
        "kind_or_source",
        "source_kind",
        "source_kind is {source_kind} and source_id is {source_id}; a rule grades a kind of source or one source: "
        "fill exactly one",
        lambda df: (df["source_kind"].isna() != df["source_id"].isna()).astype(bool),
        example=({"source_kind": "monitor", "source_id": "c001"},),
        fix="Fill source_kind for a rule on a kind of source, or source_id for a rule on one source, not both.",
    ),
    RowRule(
        "corroboration_grades",
        "bounds_order",
        "max_bodies",
        "the bounds are {min_bodies}..{max_bodies} bodies and {min_credible}..{max_credible} credible ones; "
        "expected each minimum no greater than its maximum",
        lambda df: _le("min_bodies", "max_bodies")(df) & _le("min_credible", "max_credible")(df),
        example=({"min_bodies": "3", "max_bodies": "2", "min_credible": "0", "max_credible": "1"},),
        fix="Make each minimum no greater than its maximum; leave a maximum empty for no upper bound.",
    ),
    # A verified minimum (the UN human-rights office's, for instance) is a lower bound its author says the real
    # number exceeds (GUIDE.md section 6; HRDAG: each enumeration is a minimum): never final, never read as a
    # ceiling.
    RowRule(
        "figures",
        "verified_minimum_not_final",
        "count_status",
        "count_kind is verified_minimum but count_status is final; a verified minimum is a floor its author "
        "says the real number exceeds: known_undercount (or what the counter says: preliminary, not_stated)",
        lambda df: ~((df["count_kind"] == "verified_minimum") & (df["count_status"] == "final")).fillna(False),
        example=({"count_kind": "verified_minimum", "count_status": "final"},),
        fix="Set count_status to known_undercount, or to what the counter says (preliminary, not_stated).",
    ),
    RowRule(
        "figures",
        "verified_minimum_is_a_floor",
        "qualifier",
        "count_kind is verified_minimum but the words '{number_text}' read as {qualifier}; a verified minimum "
        "is a floor, never an upper bound: check the words, or the kind of count",
        lambda df: (
            ~((df["count_kind"] == "verified_minimum") & df["qualifier"].isin(["at_most", "fewer_than"])).fillna(False)
        ),
        example=({"count_kind": "verified_minimum", "qualifier": "at_most", "number_text": "at most 111"},),
        fix=(
            "Read the words again: a verified minimum is given as 'at least' or an exact number; if they say 'at "
            "most', the count is not a verified minimum."
        ),
    ),
    *(
        RowRule(
            name,
            "not_own_citation",
            "outside_citation",
            f"outside_citation is {what} ({{source_id}}); an outside citation names another source, a page "
            "outside the text that supports the value",
            _not_self("source_id", "outside_citation"),
            example=({"source_id": "c001", "outside_citation": "c001"},),
            fix="Name another source, the page that supports the value, or leave outside_citation empty.",
        )
        for name, what in (("sources", "the source itself"), ("figures", "the figure's own source"))
    ),
    RowRule(
        "interval_rules",
        "example_order",
        "example_high",
        "example_low and example_high are {example_low} and {example_high}; expected low <= high",
        _le("example_low", "example_high"),
        example=({"example_low": "1500", "example_high": "1350"},),
        fix="Make example_low no greater than example_high, as the rule computes them.",
    ),
]


def _pandera_dtype(field: dict) -> str:
    return PANDAS_DTYPES.get(field.get("type", "string"), "string")


def schema_for(pkg: Package, resource: str) -> pa.DataFrameSchema:
    """The pandera schema of a resource: columns and nullability from datapackage.json, plus ROW_RULES."""
    import pandera.pandas as pa

    columns = {
        fld["name"]: pa.Column(_pandera_dtype(fld), nullable=True, required=False, coerce=False)
        for fld in pkg.fields(resource)
    }
    checks = [pa.Check(rule.ok, name=rule.name, error=rule.message) for rule in ROW_RULES if rule.resource == resource]
    return pa.DataFrameSchema(columns, checks=checks, name=resource)


def rule_named(resource: str, name: str) -> RowRule:
    return next(r for r in ROW_RULES if r.resource == resource and r.name == name)
