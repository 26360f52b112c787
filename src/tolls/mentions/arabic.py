"""Arabic words that tell a count of people from other numbers, and guess what a count counts.

The Arabic twins of tolls.mentions.exclusions and tolls.mentions.guesses, on the folded text (alef forms are alef,
ى is ي, ة is ه, diacritics are the tatweel: tolls.intervals.number_words._fold), so every word below is written
as a reader writes it and folded when the module loads. Not counts of people: dates (Gregorian months by their
Levantine names, آذار, and their Egyptian ones, مارس), years, clock times, ages, percentages, durations (72 ساعة),
and counts of events (3 مجازر), places, documents, crowds. Heuristics for a human to check, not data.
"""

from __future__ import annotations

import itertools
import re

from tolls.intervals.number_words import NOISE, _fold
from tolls.intervals.phrases import Parsed
from tolls.intervals.rule_table import LanguageRules
from tolls.mentions.exclusions import _KEPT_LEFT_OUT
from tolls.mentions.guesses import _STAMP_AFTER, _STAMP_BEFORE, _STAMP_NOTE
from tolls.mentions.lexicon import Lexicon

__all__ = ["LEXICON"]

_L = "\u0621-\u064a" + NOISE  # a letter of a folded Arabic word
_N = f"{NOISE}*"


def _alt(words: str) -> str:
    """An alternation of the words (folded), each letter allowed the noise of diacritics after it."""
    folded = sorted({_fold(w) for w in words.split()}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join("".join(re.escape(c) + _N for c in w) for w in folded) + ")"


def _keys(words: str) -> frozenset[str]:
    return frozenset(_fold(w) for w in words.split())


# --- what is not a mention --------------------------------------------------------------------------------

# The months: Levantine and Iraqi names (كانون الثاني ... كانون الأول), the Egyptian and Gulf transcriptions
# (يناير ... ديسمبر), and the Maghrebi ones (جانفي ...).
_MONTHS = _alt(
    "كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين "
    "يناير فبراير مارس أبريل إبريل ابريل مايو يونيو يونيه يوليو يوليه أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر "
    "ديسمبر جانفي فيفري أفريل ماي جوان جويلية أوت"
)
_END = rf"(?![{_L}])"
_MONTH_AFTER = re.compile(
    rf"\s*(?:(?:من\s+)?(?:شهر\s+)?[وبل]?{_MONTHS}|من\s+{_alt('الشهر هذا')}(?:\s+[{_L}]+)?){_END}"
)  # "6 آذار", "6 من شهر مارس", "7 من الشهر ذاته"
_DAY_BEFORE = re.compile(rf"(?<![{_L}])[وفبل]?{_alt('يوم اليوم')}\s+$")  # "يوم 7": the 7th
_MONTH_BEFORE = re.compile(rf"(?<![{_L}]){_MONTHS}(?:\s+(?:الاول|الثاني))?\s*[(/]?\s*(?:{_MONTHS}\s*\)?\s*)?$")
_YEAR_WORDS = _alt("عام العام لعام سنة السنة منذ مطلع أوائل أواخر بداية نهاية منتصف خريف ربيع صيف شتاء")
_YEAR_BEFORE = re.compile(rf"(?<![{_L}])[وفبل]?{_YEAR_WORDS}\s+$")
_YEAR_AFTER = re.compile(rf"\s*(?:[^\w\s]|$|(?:م|{_alt('ميلادي ميلادية وحتى حتى إلى الى و في')}){_END})")
_PERCENT_AFTER = re.compile(
    rf"\s*(?:(?:-|–|{_alt('إلى و')})\s*\d[\d,.]*\s*)?(?:%|(?:في\s+|ب){_alt('المئة المائة')}{_END})"
)
_TIME_UNITS = _alt(
    "ساعة ساعات ساعتين يوم يوما أيام يومين أسبوع أسبوعا أسابيع أسبوعين شهر شهرا أشهر شهور شهرين عام عاما أعوام "
    "عامين سنة سنوات سنين سنتين دقيقة دقائق ثانية ثوان ليلة ليال ليالي عقد عقود قرن قرون"
)
_DURATION_AFTER = re.compile(rf"\s*(?:{_alt('أخرى إضافية متواصلة كاملة')}\s+)?[وبل]?{_TIME_UNITS}{_END}")
_AGE_WORDS = _alt("عمره عمرها عمرهم العمر عمر بعمر البالغ البالغة يبلغ تبلغ سن بسن ابن ابنة")
_AGE_BEFORE = re.compile(rf"(?<![{_L}]){_AGE_WORDS}\s+(?:من\s+العمر\s+)?(?:ال)?$")
_AGE_AFTER = re.compile(rf"\s*{_alt('عاما عام سنة سنوات أعوام')}\s+(?:من\s+)?{_alt('العمر عمره عمرها عمرهم')}{_END}")
_AGE_BRACKET = re.compile(rf"\s*{_alt('عاما عام سنة')}\s*\)")
_CLOCK_BEFORE = re.compile(rf"(?<![{_L}])[وفبل]?{_alt('الساعة')}\s+$")
_CLOCK_AFTER = re.compile(rf"(?::\d\d|\s*{_alt('صباحا صباح مساء مساءا ظهرا فجرا ليلا')}{_END})")
_IDENTIFIER_BEFORE = re.compile(rf"[a-z{_L}][-/]$")  # "كوفيد-19", "F-16"
_ONE = _keys("واحد واحدة")
_OF = re.compile(rf"\s+(?:من|منهم|منهن){_END}")  # "واحد من" (one of)


def _left_out(s: str, start: int, end: int, bare_digits: str | None) -> str | None:
    """Why the reading at [start, end) of the folded text s is not a count, or None if it is one."""
    before, after = s[max(0, start - 40) : start], s[end : end + 40]
    if _PERCENT_AFTER.match(after):
        return "percentage"
    if _AGE_AFTER.match(after) or _AGE_BEFORE.search(before):
        return "age"
    if before.rstrip().endswith("(") and _AGE_BRACKET.match(after):
        return "age"  # "محمد (25 عاما)"
    if _DURATION_AFTER.match(after):
        return "duration"
    if _CLOCK_AFTER.match(after) or _CLOCK_BEFORE.search(before):
        return "clock"
    if _IDENTIFIER_BEFORE.search(before):
        return "identifier"
    if bare_digits is not None:
        if _MONTH_AFTER.match(after) or (_DAY_BEFORE.search(before) and int(bare_digits) <= 31):
            return "date"  # "6 آذار", "6 مارس", "6 من آذار", "يوم 7"
        if len(bare_digits) == 4 and 1800 <= int(bare_digits) <= 2100:
            if _MONTH_BEFORE.search(before) or _YEAR_BEFORE.search(before) or _YEAR_AFTER.match(after):
                return "year"  # "آذار 2025", "عام 2011", "2025،"; but "2000 شخص" is a count
    if s[start:end].replace(NOISE, "") in _ONE and _OF.match(after):
        return "pronoun"  # "واحد من أكثر ..." (one of the most ...)
    return None


# --- guesses ----------------------------------------------------------------------------------------------

_TOKEN = re.compile(rf"[{_L}]+")
# The proclitics and article a word may carry: "والقتلى" is "القتلى", "بمجازر" is "مجازر".
_PREFIX = re.compile(r"^(?:[وف])?(?:[بلك])?(?:ال|ل(?=ل))?")


def _stems(word: str) -> tuple[str, ...]:
    """The word without its noise, and without each run of proclitics it may start with."""
    key = word.replace(NOISE, "")
    bare = _PREFIX.sub("", key, count=1)
    return (key,) if bare == key or len(bare) < 2 else (key, bare)


def _measures() -> tuple[tuple[str, frozenset[str]], ...]:
    spec = (
        ("casualties", "ضحايا ضحية"),
        (
            "killed",
            "قتل قتلوا قتلت يقتل قتيل قتيلا قتيلة قتلى مقتل قتلهم مقتلهم إعدام أعدم أعدموا إعدامات جثة جثث جثمان "
            "جثامين حتفه حتفهم استشهد استشهاد شهيد شهداء وفاة وفاتهم توفي توفيت مات ماتوا موت مجزرة مجازر",
        ),
        ("injured", "جرح جرحى جريح جريحا جرحت إصابة إصابات أصيب أصيبوا أصيبت مصاب مصابا مصابين مصابون"),
        ("displaced", "نزح نزحوا نازح نازحين نازحون نزوح تهجير هجر مهجر مهجرين فر فروا فرار لاجئ لاجئين لاجئون"),
        ("dismissed", "فصل فصلوا مفصول مفصولين تسريح سرح أقيل إقالة"),
        (
            "detained",
            "اعتقل اعتقلوا اعتقال معتقل معتقلين معتقلون احتجز احتجاز محتجز محتجزين أوقف توقيف موقوف سجن سجناء",
        ),
        ("missing", "مفقود مفقودين مفقودون فقد فقدوا اختفى اختفاء مختف مختفين مغيب مغيبين"),
        ("kidnapped", "خطف خطفوا مخطوف مخطوفين اختطف اختطفوا اختطاف مختطف مختطفين"),
    )
    return tuple((measure, _keys(words)) for measure, words in spec)


_MEASURES = _measures()


def _measure_of(word: str) -> str | None:
    for stem in _stems(word):
        for measure, words in _MEASURES:
            if stem in words:
                return measure
    return None


_NEAR, _NEAR_CHARS = 40, 400


def _measure_guess(s: str, start: int, end: int, sent_start: int, sent_end: int) -> str | None:
    """The measure word nearest the mention in its sentence; a word after it wins a tie."""
    best: tuple[float, str] | None = None
    after = list(itertools.islice(_TOKEN.finditer(s, end, min(sent_end, end + _NEAR_CHARS)), _NEAR))
    before = list(_TOKEN.finditer(s, max(sent_start, start - _NEAR_CHARS), start))[::-1][:_NEAR]
    for distance_bias, tokens in ((0.0, after), (0.5, before)):
        for i, tok in enumerate(tokens):
            if best is not None and i + distance_bias >= best[0]:
                break
            measure = _measure_of(tok.group())
            if measure is not None:
                best = (i + distance_bias, measure)
                break
    return best[1] if best else None


_EVENT_NOUNS = _keys(
    "مجزرة مجازر هجوم هجمات هجمة غارة غارات انفجار انفجارات تفجير تفجيرات عملية عمليات اشتباك اشتباكات حادثة حوادث "
    "حادث قذيفة قذائف صاروخ صواريخ مداهمة مداهمات اعتداء اعتداءات انتهاك انتهاكات كمين ضربة ضربات جريمة جرائم حملة "
    "حملات معركة معارك"
)
_EXCLUSION_NOUNS = (
    ("defendants", _keys("متهم متهمين متهمون متهما مشتبه موقوفين")),
    ("crowd_size", _keys("متظاهر متظاهرين متظاهرون محتج محتجين محتجون مشيع مشيعين مشيعون مصل مصلين")),
    (
        "count_of_documents",
        _keys("تقرير تقارير بيان بيانات فيديو مقطع مقاطع صورة صور شهادة شهادات وثيقة وثائق رسالة رسائل شكوى شكاوى"),
    ),
    (
        "count_of_places",
        _keys(
            "قرية قرى بلدة بلدات مدينة مدن حي أحياء منطقة مناطق محافظة محافظات منزل منازل بيت بيوت مسجد مساجد "
            "مدرسة مدارس مستشفى مستشفيات حاجز حواجز مبنى مباني موقع مواقع نقطة نقاط محل محلات مزرعة مزارع"
        ),
    ),
    ("other", _keys("دولار دولارا دولارات ليرة ليرات يورو كيلومتر كيلومترات كم متر مترا أمتار")),
)
_ATTACKER_NOUNS = _keys("مسلح مسلحين مسلحون مسلحا مهاجم مهاجمين قناص قناصين خاطفين")
# Words that end the noun phrase a number counts: prepositions, and "و" starting the next clause.
_PHRASE_END = _keys("في على عن إلى من قرب داخل خارج أمام خلال منذ بعد قبل عند حول بين ضد مع لدى جراء إثر بسبب")
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]—–\u060c\u061b\u061f]")


def _counted_words(s: str, end: int, sent_end: int) -> list[str]:
    """The first words after a number, up to the clause's end or another number: the noun the number counts
    (Arabic puts it right after the number: "3 مجازر", "40 مجزرة")."""
    limit = min(sent_end, end + _NEAR_CHARS)
    stop = _CLAUSE_END.search(s, end, limit)
    words: list[str] = []
    last = end
    for tok in _TOKEN.finditer(s, end, stop.start() if stop else limit):
        key = tok.group().replace(NOISE, "")
        if len(words) == 2 or re.search(r"\d", s[last : tok.start()]) or key in _PHRASE_END or key[0] == "و":
            break  # "شخصان في بلدة": the place is where, not what is counted
        last = tok.end()
        words.append(tok.group())
    return words


def _clause_has_measure(s: str, end: int, sent_end: int) -> bool:
    stop = _CLAUSE_END.search(s, end, sent_end)
    return any(_measure_of(tok.group()) for tok in _TOKEN.finditer(s, end, stop.start() if stop else sent_end))


def _exclusion_guess(
    s: str, start: int, end: int, sent_end: int, parsed: Parsed | None, rules: LanguageRules
) -> tuple[str | None, str | None]:
    """(reason, note): why the mention is not a figure; (None, None) when it may be a figure."""
    if _STAMP_BEFORE.search(s, max(0, start - 2), start) or _STAMP_AFTER.match(s, end):
        return "other", _STAMP_NOTE
    if re.search(r"\$\s*$", s[max(0, start - 3) : start]):
        return "other", "an amount of money"
    for word in _counted_words(s, end, sent_end):
        stems = _stems(word)
        if any(w in _EVENT_NOUNS for w in stems):
            return "other", f"a count of events ({word!r}), not of people"
        if any(w in _ATTACKER_NOUNS for w in stems) and not _clause_has_measure(s, end, sent_end):
            return "other", f"a count of those who attacked ({word!r}), not of those harmed"
        for reason, nouns in _EXCLUSION_NOUNS:
            if any(w in nouns for w in stems):
                return reason, ("an amount of money or a distance" if reason == "other" else None)
    if parsed is not None and parsed.low == parsed.high == 1:
        return "single_person", None
    return None, None


LEXICON = Lexicon(_left_out, _PERCENT_AFTER, _KEPT_LEFT_OUT, _exclusion_guess, _measure_guess)
