"""An Arabic news-like excerpt written for the tests (neutral sentences of our own, not copied from any page), with
every number mention labelled: "figure" (a count of people harmed) or the exclusion reason the schema allows.
Dates, years and clock times are not mentions at all: finding one is a false mention.

Used by tests/mentions/test_arabic_extract.py (through `tolls extract`) and printed by
benchmarks/extract_benchmark.py (precision and recall with tests/extract_labelled.py's scorer).
"""

from __future__ import annotations

FIGURE = "figure"

SENTENCES: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "قالت مديرية الصحة يوم الخميس 6 آذار 2025 إن أكثر من 740 مدنياً قُتلوا في القرى الساحلية، بينهم 12 طفلاً.",
        [("أكثر من 740", FIGURE), ("12", FIGURE)],
    ),
    (
        "وأضافت أن ما لا يقل عن ثمانية من أفراد الطواقم الطبية أصيبوا، وأن نحو 1500 شخص نزحوا خلال 72 ساعة.",
        [("ما لا يقل عن ثمانية", FIGURE), ("نحو 1500", FIGURE), ("72", "duration")],
    ),
    (
        "ووثّق المرصد 3 مجازر في ريف المدينة، وقرابة 40 مجزرة منذ بداية الشهر.",
        [("3", "other"), ("قرابة 40", "other")],
    ),
    (
        "وارتفعت الحصيلة إلى ١٬٤٧٦ قتيلاً بحلول 9 مارس، بحسب بيان صدر عند الساعة 10 صباحاً.",
        [("ارتفعت الحصيلة إلى ١٬٤٧٦", FIGURE)],
    ),
    (
        "وأفاد سكان بأن عشرات العائلات غادرت الحي، وأن قتيلين سقطا في قصف استهدف سوقاً شعبية.",
        [("عشرات", FIGURE), ("قتيلين", FIGURE)],
    ),
    (
        "وقال شاهد يبلغ من العمر 45 عاماً إن 5 منازل احترقت، وإن نسبة المتضررين بلغت 30 في المئة.",
        [("45", "other"), ("5", "count_of_places"), ("30 في المئة", "population_share")],
    ),
    (
        "وأُفرج عن خمسة وعشرين معتقلاً، فيما لا يزال مصير ما بين 10 و15 شخصاً مجهولاً.",
        [("خمسة وعشرين", FIGURE), ("بين 10 و15", FIGURE)],
    ),
    (
        "وأعلنت الوزارة في بيان ثانٍ مقتل 14 عنصراً على الأقل، وإصابة مئات المدنيين بجروح متفاوتة.",
        [("14 عنصراً على الأقل", FIGURE), ("مئات", FIGURE)],
    ),
    (
        "ونُقل ۲۳ جريحاً إلى مستشفى المدينة، في حين قُتل شخصان في بلدة مجاورة يوم 7 من الشهر ذاته.",
        [("۲۳", FIGURE), ("شخصان", FIGURE)],
    ),
    (
        "وشارك نحو 300 متظاهر في وقفة أمام مبنى المحافظة، وأصدرت اللجنة 4 تقارير عن الأحداث.",
        [("نحو 300", "crowd_size"), ("4", "count_of_documents")],
    ),
]

EXCERPT = "\n".join(sentence for sentence, _ in SENTENCES) + "\n"

# Written after the Arabic words were tuned on SENTENCES, and never used to tune them: the figures measured here
# are the honest ones for Arabic text the rules have not seen.
HELD_OUT: list[tuple[str, list[tuple[str, str]]]] = [
    ("وقُتل سبعة أشخاص على الأقل في إطلاق نار قرب السوق مساء الأحد.", [("سبعة أشخاص على الأقل", FIGURE)]),
    ("ونفذت الطائرات 11 غارة على مواقع في الريف الشرقي.", [("11", "other")]),
    ("واستمر الحصار 40 يوماً قبل أن يُفتح الطريق.", [("40", "duration")]),
    ("وقالت المنظمة إن حوالي 2000 عائلة وصلت إلى المخيم خلال الأسبوع.", [("حوالي 2000", FIGURE)]),
    (
        "وأحصى فريق التوثيق مقتل 63 مدنياً بينهم 9 نساء في 4 قرى.",
        [("63", FIGURE), ("9", FIGURE), ("4", "count_of_places")],
    ),
    ("واعتُقل ما يزيد على مئة شاب خلال حملة دهم في 2025.", [("ما يزيد على مئة", FIGURE)]),
    ("وتحدث التقرير عن مقتل ثلاثة من عناصر الدفاع المدني وإصابة اثنين آخرين.", [("ثلاثة", FIGURE), ("اثنين", FIGURE)]),
    ("وتجمع مئات المشيعين في ساحة البلدة ظهراً.", [("مئات", "crowd_size")]),
]
