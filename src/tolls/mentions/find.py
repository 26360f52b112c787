"""Finding every number mention in a text: where each is, its sentence, its reading and the guesses."""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from tolls.intervals.phrases import Scan, _fold, could_start, language_rules, parse_figure, scan
from tolls.intervals.rule_table import LanguageRules, Parsed, RuleTable
from tolls.mentions.lexicon import lexicon

__all__ = ["Mention", "find_mentions", "mentions_to_cover", "sentence_spans", "uncovered"]


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


# A sentence ends at . ! ? (or the Arabic ؟) before a capital, a digit or an Arabic letter (Arabic has no capitals).
_SENTENCE_END = re.compile(r"[.!?\u061f]+[\"'”’)\]»]*(?=\s+[\"'“‘(«]?[A-Z0-9\u0621-\u064a]|[A-Z])|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split at line breaks and at . ! ? ؟ before a capital, a digit or an Arabic
    letter."""
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


_TRAILING_OF = re.compile(r"\s+of$")
_WORD_END = re.compile(r"[a-z0-9]+|.", re.S)
# A lower-case letter then a capital inside one "word" is two words glued by a lost space ("FridayHundreds").
# Capitals are rarer than lower-case letters: the search stops at each and looks behind it.
_GLUED = re.compile(r"[A-Z](?<=[a-z][A-Z])")


def _next_candidate(s: str, pos: int, glued: list[int], rules: LanguageRules) -> int | None:
    """The next place a number can start: a word's start where could_start may be true (a digit, a number
    word, "a", a cue), or the capital of a glued word. The words skipped over are the ones could_start
    rejects, each of which the loop would only have stepped over."""
    cand = rules.start_re.search(s, pos)
    i = bisect.bisect_left(glued, pos)
    glue = glued[i] if i < len(glued) else None
    if cand is None:
        return glue
    return cand.start() if glue is None else min(cand.start(), glue)


def _scan_glued(s: str, start: int, rules: LanguageRules) -> Scan | None:
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
    word = _WORD_END.match(s, start)
    end = word.end() if word else len(s)
    i = bisect.bisect_right(glued, start)
    return min(end, glued[i]) if i < len(glued) else end


def _trim(s: str, start: int, end: int, rule_id: str, rules: LanguageRules) -> int:
    """Leave a trailing "of" out of number_text ("hundreds of witness statements" -> "hundreds")
    when the shorter words still read the same way."""
    m = _TRAILING_OF.search(s, start, end)
    if m:
        shorter = scan(s[start : m.start()], 0, rules)
        if shorter is not None and shorter.rule.rule_id == rule_id and shorter.end == m.start() - start:
            return m.start()
    return end


def find_mentions(
    text: str,
    rules: RuleTable | LanguageRules | None = None,
    keep_left_out: bool = False,
    guesses: bool = True,
    language: str | None = None,
) -> list[Mention]:
    """Every number mention in text, in order, with qualifier words included in number_text.

    Calendar dates, years, clock times, ages, percentages, durations and "one" as a pronoun are left
    out. Words that make a number ambiguous ("10 or 12", "7 45", "about 8 to 10") give one mention of
    all of them with parsed None, never the first number alone. keep_left_out=True keeps percentages
    ("10-12%", number_text with its sign or word), durations ("a few" of "a few days"), ages and
    pronoun "one", with an exclusion guess, for packages that list them as exclusions. guesses=False
    leaves the sentence empty and guesses no measure or exclusion (other than a left-out kind's), for a
    caller that needs only where the mentions are (coverage): about a quarter of the work.

    language: the text's (ISO 639-1, its source's `language`); without it the script decides (Arabic letters:
    Arabic, else the table's default, English). It picks the interval rules and the words that tell a count
    from a date, an age or a count of events (tolls.mentions.lexicon).
    """
    rules = language_rules(rules, language, text)
    lex = lexicon(rules.language)
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
        start = res.start  # after the proclitics a word may carry ("و150": the digits)
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
        why = lex.left_out(s, start, end, s[start:first_end].replace(",", "") if bare else None)
        exclusion = None
        if why is not None:
            tail = lex.percent_after.match(s, end)
            if res.ambiguous and not tail and first_end is not None:
                pos = first_end  # "June 22 2025": the date is left out, the number after it is read alone
            if tail:
                pos = tail.end()  # step over all of "10-12%" so that "12" is not read on its own
            if not keep_left_out or why not in lex.kept_left_out:
                continue
            exclusion = lex.kept_left_out[why]
            if tail:
                # The percentage as its own words: "10%" of "about 10%", "10-12%".
                cue = rules.prefix_re.match(s, start) if rules.prefix_re else None
                if cue and res.rule.unit is None and res.rule.qualifier != "range":
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
                guess, note = lex.exclusion_guess(s, start, end, sb, parsed, rules)
        mentions.append(
            Mention(
                number_text=text[start:end],
                start=start,
                end=end,
                line=line,
                sentence=text[sa:sb],
                sentence_start=sa,
                measure_guess=lex.measure_guess(s, start, end, sa, sb) if guesses else None,
                parsed=parsed,
                exclusion_guess=guess,
                exclusion_note=note,
            )
        )
    return mentions


def mentions_to_cover(
    text: str, rules: RuleTable | LanguageRules | None = None, guesses: bool = True, language: str | None = None
) -> list[Mention]:
    """The mentions every text's rows must cover: what validation's coverage check, `tolls extract` and
    `tolls add` all use (percentages, durations and pronoun "one" included, as exclusions to record)."""
    return find_mentions(text, rules, keep_left_out=True, guesses=guesses, language=language)


def uncovered(
    text: str,
    covered: Iterable[tuple[int, int]],
    rules: RuleTable | LanguageRules | None = None,
    keep_left_out: bool = False,
    language: str | None = None,
) -> list[Mention]:
    """Mentions whose [start, end) overlaps none of the covered [start, end) spans."""
    spans = sorted(covered)
    found = find_mentions(text, rules, keep_left_out, language=language)
    return [m for m in found if not any(a < m.end and m.start < b for a, b in spans)]
