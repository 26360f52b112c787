"""Finding every number mention in a text, as candidate rows for data/figures.csv or data/exclusions.csv.

The numbers themselves are read by tolls.intervals.phrases (cues and intervals from data/interval_rules.csv).
This module decides which readings are mentions at all (dates, years, ages, percentages, durations and
ordinals are not) and guesses, from nearby words, what a mention counts or why it is not a figure. The
guesses are for a human to check; the word lists below are heuristics, not data.
"""

from __future__ import annotations

import bisect
import csv
import dataclasses
import io
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from tolls.intervals.phrases import Parsed, RuleTable, Scan, _fold, could_start, load_rules, parse_figure, scan

__all__ = [
    "CSV_COLUMNS",
    "Mention",
    "TextError",
    "extract_file",
    "find_mentions",
    "mentions_to_cover",
    "format_mentions",
    "sentence_spans",
    "uncovered",
]

CSV_COLUMNS = (
    "number_text",
    "quote",
    "quote_start",
    "quote_end",
    "line",
    "measure",
    "qualifier",
    "low",
    "stated_number",
    "high",
    "interval_rule",
    "exclusion_candidate",
)


class TextError(ValueError):
    """A text cannot be read as the package keeps texts (UTF-8, no byte order mark)."""


@dataclass(frozen=True)
class Mention:
    number_text: str
    start: int  # code-point offsets of number_text in the text
    end: int
    line: int  # 1-based line of start
    sentence: str
    sentence_start: int
    measure_guess: str | None
    parsed: Parsed | None
    exclusion_guess: str | None
    exclusion_note: str | None = None  # why, in words, when the reason alone does not say it ("a count of events")

    @property
    def sentence_end(self) -> int:
        return self.sentence_start + len(self.sentence)


# --- what is not a mention -------------------------------------------------------------------------

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_BEFORE = re.compile(rf"(?<![a-z])(?:{_MONTHS})\.?\s+$")
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})(?![a-z])")
# A bare four-digit number followed by one of these words (or by no word) is a year: "since 2011 and",
# "in 2024, the"; followed by any other word it is a count: "2000 people", "2000 civilians".
_YEAR_NEXT = re.compile(
    r"\s*(?:[^\w\s]|$|(?:and|or|but|when|while|after|before|as|to|the|a|an|in|on|at|of|for|with|by|"
    r"that|which|where|was|were|is|are|had|has|have|through|until|alone|onwards?|saw|marked)(?![a-z]))"
)
_PERCENT_AFTER = re.compile(r"\s*(?:(?:-|–|to)\s*\d[\d,.]*\s*)?(?:%|per\s?cent(?![a-z]))")
_AGE_BEFORE = re.compile(r"(?<![a-z])(?:aged|age|ages)\s+$")
_AGE_AFTER = re.compile(r"[\s-]*(?:years?|months?)[\s-]+old(?![a-z])")
_TIME_UNITS = (
    r"seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|months?|years?|decades?|centur(?:y|ies)|"
    r"generations?"
)
_DURATION_AFTER = re.compile(
    rf"[\s-]*(?:(?:more|other|long|full|straight|consecutive|whole|of)\s+)*(?:{_TIME_UNITS})(?![a-z])"
)
_CLOCK_AFTER = re.compile(r"(?::\d\d|\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z]))")
_IDENTIFIER_BEFORE = re.compile(r"[a-z][-/]$")  # "COVID-19", "F-16", "A/78": part of a name
# "one" used as a pronoun: "one of the deadliest", "one another", "no one".
_PRONOUN_AFTER = re.compile(r"\s+(?:of|another|who|which|that|day)(?![a-z])|'s")
_PRONOUN_BEFORE = re.compile(r"(?<![a-z])(?:no|any|every|each|the|this|that|which|someone|anyone)\s+$")


def _left_out(s: str, start: int, end: int, bare_digits: str | None) -> str | None:
    """Why the reading at [start, end) of the folded text s is not a count, or None if it is one.

    bare_digits: the digits when the reading is a bare number in digits, else None.
    """
    before, after = s[max(0, start - 40) : start], s[end : end + 40]
    if _PERCENT_AFTER.match(after):
        return "percentage"
    if _DURATION_AFTER.match(after):
        return "duration"
    if _AGE_AFTER.match(after) or _AGE_BEFORE.search(before):
        return "age"
    if _CLOCK_AFTER.match(after):
        return "clock"
    if _IDENTIFIER_BEFORE.search(before):
        return "identifier"
    if bare_digits is not None:
        if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
            return "date"  # "November 24", "22 June", "December 2024"
        if len(bare_digits) == 4 and 1800 <= int(bare_digits) <= 2100:
            # A year: "since 2011", "in 2024", "2025:"; but "2000 people" is a count.
            if _YEAR_NEXT.match(after):
                return "year"
    if s[start:end] == "one" and (_PRONOUN_AFTER.match(after) or _PRONOUN_BEFORE.search(before)):
        return "pronoun"
    return None


# What find_mentions(keep_left_out=True) still returns, with its exclusion guess; dates, years, clock
# times and names are never mentions.
_KEPT_LEFT_OUT = {
    "percentage": "population_share",
    "duration": "duration",
    "age": "other",
    "pronoun": "other",
}


# --- guesses -----------------------------------------------------------------------------------------

_MEASURES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (measure, re.compile(rf"^(?:{pattern})"))
    for measure, pattern in (
        ("casualties", r"casualt"),
        ("killed", r"kill|dead|death|died|dies|murder|execut|massacr|slain|slaughter|lives|bodies"),
        ("injured", r"wound|injur|hurt"),
        ("displaced", r"fled|flee|displac|refuge|evict|homeless|uproot"),
        ("dismissed", r"dismiss|fired|purged|sacked"),
        ("detained", r"detain|arrest|imprison|jailed"),
        ("missing", r"missing|disappear"),
        ("kidnapped", r"kidnap|abduct"),
    )
)

# All of them in one pattern, the measure as the group's name: one match per word.
_ANY_MEASURE = re.compile("|".join(f"(?P<{measure}>{pattern.pattern})" for measure, pattern in _MEASURES))

_EXCLUSION_NOUNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(rf"^(?:{pattern})$"))
    for reason, pattern in (
        ("defendants", r"suspects?|defendants?|accused|convicts?|convicted"),
        (
            "crowd_size",
            r"demonstrat\w*|protest\w*|rall(?:y|ied|ying)|march(?:ed|ing)|gather\w*|attend\w*|"
            r"participat\w*|mourners|crowds?|chant\w*|march\w*|marchers|protesters",
        ),
        (
            "count_of_documents",
            r"statements?|reports?|documents?|testimon(?:y|ies)|videos?|photos?|photographs?|images?|"
            r"pages?|files?|letters?|complaints?|records?|interviews?",
        ),
        (
            "count_of_places",
            r"settlements?|villages?|towns?|cit(?:y|ies)|regions?|provinces?|neighbou?rhoods?|areas?|"
            r"districts?|locations?|sites?|places?|countr(?:y|ies)|governorates?|localit(?:y|ies)|"
            r"hamlets?|mosques?|churches|schools?|hospitals?|homes?|houses?|buildings?|shops?|farms?|"
            r"checkpoints?|positions?|bases?",
        ),
        ("population_share", r"population|share|proportion"),
        ("other", r"dollars?|euros?|pounds?|lira|liras|usd|km|kilomet\w*|miles?|metres?|meters?"),
    )
)
_IDIOMS = (
    re.compile(r"settl\w*\s+(?:old\s+|some\s+)?scores"),
    re.compile(r"one\s+by\s+one"),
    re.compile(r"by\s+the\s+dozens?"),
    re.compile(r"at\s+sixes\s+and\s+sevens"),
    re.compile(r"a\s+dime\s+a\s+dozen"),
    re.compile(r"in\s+two\s+minds"),
)
_ONE_IN = re.compile(r"\s+in\s+")
_IN_BEFORE = re.compile(r"(?<![a-z0-9])(?:one|\d+)\s+in\s+$")
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]—–]")
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
# How far the guesses look from a mention: words, and characters.
_NEAR, _NEAR_CHARS = 40, 400


def _measure_guess(s: str, start: int, end: int, sent_start: int, sent_end: int) -> str | None:
    """The measure word nearest the mention in its sentence; a word after it wins a tie."""
    best: tuple[float, str] | None = None
    # within _NEAR words each side: a measure word further away says nothing, and a window keeps a
    # sentence of thousands of numbers linear
    after = list(itertools.islice(_TOKEN.finditer(s, end, min(sent_end, end + _NEAR_CHARS)), _NEAR))
    before = list(_TOKEN.finditer(s, max(sent_start, start - _NEAR_CHARS), start))[::-1][:_NEAR]
    for distance_bias, tokens in ((0.0, after), (0.5, before)):
        for i, tok in enumerate(tokens):
            if best is not None and i + distance_bias >= best[0]:
                break  # the nearest word of this side cannot beat the one found
            hit = _ANY_MEASURE.match(tok.group())
            if hit is not None:
                best = (i + distance_bias, hit.lastgroup)
                break
    return best[1] if best else None


# Nouns that count events rather than people: "about 30 massacres", "at least 47 massacres", "12 raids".
_EVENT_NOUNS = re.compile(
    r"^(?:massacres?|attacks?|raids?|strikes?|airstrikes?|bombings?|explosions?|blasts?|incidents?|clashes|"
    r"operations?|shootings?|assaults?|ambush(?:es)?|offensives?|battles?|waves?|rounds?|episodes?|events?)$"
)
# Words that end the noun phrase a number counts: "12 in attack on village" counts no village.
_PHRASE_END = re.compile(
    r"^(?:in|on|at|near|after|before|during|from|by|across|since|into|with|to|for|when|while|as|and|or|but|"
    r"including|among|amid|against|over|under|inside|outside|throughout)$"
)
# A number touching another through - / : . is a piece of a date, time or timestamp: "2025-03-09 04:01:19".
_STAMP_BEFORE = re.compile(r"\d[-/:.]$")
_STAMP_AFTER = re.compile(r"[-/:.]\d")
_STAMP_NOTE = "a piece of a date, time or timestamp, not a count"


# Nouns that count those who attack, not those harmed: "some 20 gunmen attacked" (but "5 gunmen were killed"
# is a toll: a measure word in the clause makes it one).
_ATTACKER_NOUNS = re.compile(r"^(?:gunmen|attackers|assailants|raiders|snipers|kidnappers)$")


def _clause_has_measure(s: str, end: int, sent_end: int) -> bool:
    stop = _CLAUSE_END.search(s, end, sent_end)
    return any(
        p.match(tok.group())
        for tok in _TOKEN.finditer(s, end, stop.start() if stop else sent_end)
        for _, p in _MEASURES
    )


def _counted_words(s: str, end: int, sent_end: int) -> list[str]:
    """The words of the noun phrase after a number, up to the clause's end, a preposition ("of" kept), a
    measure word or another number."""
    limit = min(sent_end, end + _NEAR_CHARS)  # a bounded window: linear time on long runs of numbers
    stop = _CLAUSE_END.search(s, end, limit)
    words: list[str] = []
    last = end
    for tok in _TOKEN.finditer(s, end, stop.start() if stop else limit):
        if _PHRASE_END.match(tok.group()) or len(words) == 4 or re.search(r"\d", s[last : tok.start()]):
            break
        last = tok.end()
        if not _EVENT_NOUNS.match(tok.group()) and any(pattern.match(tok.group()) for _, pattern in _MEASURES):
            break  # "hundreds fled the town": a measure word ends the phrase before "town"
        words.append(tok.group())
    return words


def _exclusion_guess(
    s: str, start: int, end: int, sent_end: int, parsed: Parsed | None, rules: RuleTable
) -> tuple[str | None, str | None]:
    """(reason, note): why the mention is not a figure, as a reason the schema allows and, where that
    reason is 'other' or needs it, the words that say why; (None, None) when it may be a figure."""
    for idiom in _IDIOMS:
        for m in idiom.finditer(s, max(0, start - 30), min(len(s), end + 30)):
            if m.start() <= start and end <= m.end():
                return "idiom", None
    if _STAMP_BEFORE.search(s, max(0, start - 2), start) or _STAMP_AFTER.match(s, end):
        return "other", _STAMP_NOTE
    one_in = _ONE_IN.match(s, end, sent_end)
    if _IN_BEFORE.search(s, max(0, start - 20), start):
        return "population_share", None  # the "five" of "one in five"
    if one_in and (nxt := scan(s, one_in.end(), rules)) is not None and nxt.parsed is not None:
        return "population_share", None  # "one in five"
    if re.search(r"\$\s*$", s[max(0, start - 3) : start]):
        return "other", "an amount of money"
    # The noun the number counts: the next few words ("over 40 settlements", "hundreds of witness
    # statements", "hundreds demonstrating", "dozens of people who chanted").
    for word in _counted_words(s, end, sent_end):
        if _EVENT_NOUNS.match(word):
            return "other", f"a count of events ({word!r}), not of people"
        if _ATTACKER_NOUNS.match(word) and not _clause_has_measure(s, end, sent_end):
            return "other", f"a count of those who attacked ({word!r}), not of those harmed"
        for reason, pattern in _EXCLUSION_NOUNS:
            if pattern.match(word):
                return reason, None
    if parsed is not None and parsed.low == parsed.high == 1:
        return "single_person", None
    return None, None


# --- sentences -----------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(]?[A-Z0-9]|[A-Z])|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split at line breaks and at . ! ? before a capital or digit."""
    spans = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if m.group() != "\n" else m.start()
        spans.append((pos, end))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for a, b in spans:
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        if seg:
            out.append((a + lead, a + lead + len(seg)))
    return out


# --- finding -----------------------------------------------------------------------------------------

_TRAILING_OF = re.compile(r"\s+of$")
_WORD_END = re.compile(r"[a-z0-9]+|.", re.S)
# A lower-case letter then a capital inside one "word" is two words glued by a lost space ("FridayHundreds").
# Capitals are rarer than lower-case letters: the search stops at each and looks behind it.
_GLUED = re.compile(r"[A-Z](?<=[a-z][A-Z])")


def _next_candidate(s: str, pos: int, glued: list[int], rules: RuleTable) -> int | None:
    """The next place a number can start: a word's start where could_start may be true (a digit, a number
    word, "a", a cue), or the capital of a glued word. The words skipped over are the ones could_start
    rejects, each of which the loop would only have stepped over."""
    cand = rules.start_re.search(s, pos)
    i = bisect.bisect_left(glued, pos)
    glue = glued[i] if i < len(glued) else None
    if cand is None:
        return glue
    return cand.start() if glue is None else min(cand.start(), glue)


def _scan_glued(s: str, start: int, rules: RuleTable) -> Scan | None:
    """scan() at the capital of a glued word, read as if a space stood before it (offsets kept)."""
    res = scan(" " + s[start:], 1, rules)
    if res is None:
        return None
    shift = start - 1
    return dataclasses.replace(
        res,
        start=res.start + shift,
        end=res.end + shift,
        first_end=None if res.first_end is None else res.first_end + shift,
    )


def _word_end(s: str, start: int, glued: list[int]) -> int:
    end = _WORD_END.match(s, start).end()
    i = bisect.bisect_right(glued, start)
    return min(end, glued[i]) if i < len(glued) else end


def _trim(s: str, start: int, end: int, rule_id: str, rules: RuleTable) -> int:
    """Leave a trailing "of" out of number_text ("hundreds of witness statements" -> "hundreds")
    when the shorter words still read the same way."""
    m = _TRAILING_OF.search(s, start, end)
    if m:
        shorter = scan(s[start : m.start()], 0, rules)
        if shorter is not None and shorter.rule.rule_id == rule_id and shorter.end == m.start() - start:
            return m.start()
    return end


def find_mentions(
    text: str, rules: RuleTable | None = None, keep_left_out: bool = False, guesses: bool = True
) -> list[Mention]:
    """Every number mention in text, in order, with qualifier words included in number_text.

    Calendar dates, years, clock times, ages, percentages, durations and "one" as a pronoun are left
    out. Words that make a number ambiguous ("10 or 12", "7 45", "about 8 to 10") give one mention of
    all of them with parsed None, never the first number alone. keep_left_out=True keeps percentages
    ("10-12%", number_text with its sign or word), durations ("a few" of "a few days"), ages and
    pronoun "one", with an exclusion guess, for packages that list them as exclusions. guesses=False
    leaves the sentence empty and guesses no measure or exclusion (other than a left-out kind's), for a
    caller that needs only where the mentions are (coverage): about a quarter of the work.
    """
    rules = rules or load_rules()
    s = _fold(text)
    sentences = sentence_spans(text) if guesses else []
    sent_starts = [a for a, _ in sentences]
    line, counted_to = 1, 0  # the line of offset counted_to; mentions come in order, so counting goes on from there
    mentions: list[Mention] = []
    glued = [m.start() for m in _GLUED.finditer(text)]
    glued_at = set(glued)
    pos = 0
    while True:
        start = _next_candidate(s, pos, glued, rules)
        if start is None:
            break
        if start in glued_at:
            res = _scan_glued(s, start, rules)
        else:  # most words cannot start a number or a cue: skip them without a full scan
            res = scan(s, start, rules) if could_start(s, start, rules) else None
        if res is None:
            pos = _word_end(s, start, glued)  # the rest of this word cannot start a number
            continue
        if res.parsed is None and not res.ambiguous:
            # A cue with no number ("some of the worst") is not a mention, but what follows may be;
            # words that hold no number ("under investigation", "large numbers") are skipped whole.
            pos = res.end if res.rule.qualifier == "none" else _word_end(s, start, glued)
            continue
        # An ambiguous phrase ("10 or 12", "7 45") is one mention with no interval, for a human to read.
        end = res.end if res.ambiguous else _trim(s, start, res.end, res.rule.rule_id, rules)
        first_end = res.first_end if res.ambiguous else end
        pos = res.end
        parsed = res.parsed
        bare = res.rule is rules.bare and s[start] in "0123456789"
        why = _left_out(s, start, end, s[start:first_end].replace(",", "") if bare else None)
        exclusion = None
        if why is not None:
            tail = _PERCENT_AFTER.match(s, end)
            if res.ambiguous and not tail:
                pos = first_end  # "June 22 2025": the date is left out, the number after it is read alone
            if tail:
                pos = tail.end()  # step over all of "10-12%" so that "12" is not read on its own
            if not keep_left_out or why not in _KEPT_LEFT_OUT:
                continue
            exclusion = _KEPT_LEFT_OUT[why]
            if tail:
                # The percentage as its own words: "10%" of "about 10%", "10-12%".
                cue = rules.prefix_re.match(s, start) if rules.prefix_re else None
                if cue and res.rule.unit is None and res.rule is not rules.range_rule:
                    start = cue.end() + (len(s[cue.end() : end]) - len(s[cue.end() : end].lstrip()))
                end = tail.end()
                parsed = parse_figure(text[start:end], rules)
        guess, note, sa, sb = exclusion, None, start, start
        if start >= counted_to:
            line += text.count("\n", counted_to, start)
        else:
            line = text.count("\n", 0, start) + 1
        counted_to = start
        if guesses:
            i = bisect.bisect_right(sent_starts, start) - 1
            sa, sb = sentences[i] if i >= 0 else (0, len(text))
            if not exclusion:
                guess, note = _exclusion_guess(s, start, end, sb, parsed, rules)
        mentions.append(
            Mention(
                number_text=text[start:end],
                start=start,
                end=end,
                line=line,
                sentence=text[sa:sb],
                sentence_start=sa,
                measure_guess=_measure_guess(s, start, end, sa, sb) if guesses else None,
                parsed=parsed,
                exclusion_guess=guess,
                exclusion_note=note,
            )
        )
    return mentions


def mentions_to_cover(text: str, rules: RuleTable | None = None, guesses: bool = True) -> list[Mention]:
    """The mentions every text's rows must cover: what validation's coverage check, `tolls extract` and
    `tolls add` all use (percentages, durations and pronoun "one" included, as exclusions to record)."""
    return find_mentions(text, rules, keep_left_out=True, guesses=guesses)


def extract_file(path: str | Path, rules: RuleTable | None = None, keep_left_out: bool = False) -> list[Mention]:
    """find_mentions over a UTF-8 file (newlines kept as they are, so offsets match the file's text).

    A file that is not UTF-8 raises TextError, saying where (figures quote texts by code-point offsets
    of the UTF-8 text, so no other encoding is guessed).
    """
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise TextError(
            f"{path}:{line}: byte {raw[exc.start]:#04x} at byte offset {exc.start} is not UTF-8; "
            "save the text as UTF-8 (without a byte order mark)"
        ) from None
    if text.startswith("\ufeff"):
        raise TextError(f"{path}:1: starts with a byte order mark; save the text as UTF-8 without it")
    return find_mentions(text, rules, keep_left_out)


def uncovered(
    text: str,
    covered: Iterable[tuple[int, int]],
    rules: RuleTable | None = None,
    keep_left_out: bool = False,
) -> list[Mention]:
    """Mentions whose [start, end) overlaps none of the covered [start, end) spans."""
    spans = sorted(covered)
    found = find_mentions(text, rules, keep_left_out)
    return [m for m in found if not any(a < m.end and m.start < b for a, b in spans)]


# --- output --------------------------------------------------------------------------------------------


def _row(m: Mention) -> dict[str, object]:
    p = m.parsed
    return {
        "number_text": m.number_text,
        "quote": m.sentence,
        "quote_start": m.sentence_start,
        "quote_end": m.sentence_end,
        "line": m.line,
        "measure": m.measure_guess,
        "qualifier": p.qualifier if p else None,
        "low": p.low if p else None,
        "stated_number": p.stated if p else None,
        "high": p.high if p else None,
        "interval_rule": p.rule if p else None,
        "exclusion_candidate": m.exclusion_guess,
    }


def format_mentions(mentions: Iterable[Mention], fmt: str = "table") -> str:
    """Mentions as 'csv' (columns CSV_COLUMNS), 'json' (every field) or a plain-text 'table'."""
    mentions = list(mentions)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for m in mentions:
            writer.writerow({k: "" if v is None else v for k, v in _row(m).items()})
        return buf.getvalue()
    if fmt == "json":
        out = []
        for m in mentions:
            d = asdict(m)
            d.update(_row(m))
            out.append(d)
        return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    if fmt == "table":
        return _table(mentions)
    raise ValueError(f"unknown format {fmt!r}: use table, csv or json")


def _table(mentions: list[Mention]) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(mentions)} number mentions", show_lines=False)
    for col in ("line", "number_text", "rule", "low", "stated", "high", "measure?", "exclusion?", "context"):
        table.add_column(col, overflow="fold")
    for m in mentions:
        p = m.parsed
        a = max(0, m.start - m.sentence_start - 30)
        context = m.sentence[a : m.end - m.sentence_start + 30]

        def cell(v: object) -> Text:  # Text, not str: words of the text are never read as rich markup
            return Text("" if v is None else str(v))

        table.add_row(
            cell(m.line),
            cell(m.number_text),
            cell(p.rule if p else None),
            cell(p.low if p else None),
            cell(p.stated if p else None),
            cell(p.high if p else None),
            cell(m.measure_guess),
            cell(m.exclusion_guess),
            cell(context.replace("\n", " ")),
        )
    console = Console(file=io.StringIO(), width=160, color_system=None, force_terminal=False)
    console.print(table)
    return console.file.getvalue()
