"""Guesses from nearby words: what a mention counts (its measure) and why it may not be a figure.

The guesses are for a human to check; the word lists are heuristics, not data.
"""

from __future__ import annotations

import itertools
import re

from tolls.intervals.phrases import Parsed, RuleTable, scan

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
    best: tuple[float, str | None] | None = None
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
