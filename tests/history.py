"""A realistic toll history, built in code: what the views must tell right about one event.

One event, killings over a month, reported the way real reporting comes in:
- a monitor (SOHR) with six dated updates of its civilian count, one of them with provinces and a one-day
  count as parts, and a total that includes fighters with its civilians, security forces and fighters as
  subgroups; one undated relay of it in a news text ("over 740 civilians"); and a last count a page
  published on Saturday says SOHR gave "on Friday" (a weekday resolved against the page's date), the same
  day as the sixth update on another page;
- a second monitor (SNHR) with three updates, its last one lower than SOHR's later count;
- a verified minimum its author calls an undercount (OHCHR);
- an investigation (Reuters) counting Alawites only, and an opinion text relaying it in other words as
  "approximately 1,500 Alawite civilians";
- a national inquiry the government set up (it speaks for the government) and a UN inquiry's round
  estimate, both "mostly civilians": not counts of civilians;
- an anonymous estimate relayed by a TV channel whose page the package grades D (not credible).

The figures' intervals come from the package's rules (tests/test_database.figure), never by hand.
"""

from __future__ import annotations

from pathlib import Path

from test_database import figure, mini_package, write_rows

NEWS = (
    "A monitor, the Syrian Observatory for Human Rights, said over 740 civilians were killed. "
    "An investigation found approximately 1,500 Alawite civilians were killed.\n"
)
EVENT = {
    "event_id": "ev",
    "name": "Killings on the coast",
    "event_type": "killings",
    "date_start": "2025-03-01",
    "date_end": "2025-03-31",
    "date_precision": "month",
    "date_basis": "stated",
    "country": "SY",
    "admin1": "SY-LA;SY-TA;SY-HM;SY-HI",
}
MONTH = {"date_start": "2025-03-01", "date_end": "2025-03-31", "date_precision": "month", "date_basis": "from_event"}


def cited(
    figure_id: str,
    source_id: str,
    words: str,
    as_of: str,
    counter: str,
    group: str = "civilians",
    kind: str = "running_tally",
    **values: str,
) -> dict:
    """A figure of a cited page: its words as published, the day the count stood, its counter."""
    row = {
        "source_id": source_id,
        "evidence": "cited",
        "quote": "",
        "quote_start": "",
        "quote_end": "",
        "measure_words": "",
        "number_text": words,
        "victim_group": group,
        "count_kind": kind,
        "counted_by": counter,
        **MONTH,
    }
    if as_of:
        row.update(as_of=as_of, as_of_precision="day", as_of_basis="inferred_from_publication")
    row.update(values)
    return figure(figure_id, **row)


def quoted(figure_id: str, words: str, counter: str, group: str, **values: str) -> dict:
    start = NEWS.index(words)
    sentence_start = NEWS.rfind(". ", 0, start) + 2 if ". " in NEWS[:start] else 0
    sentence_end = NEWS.index(".", start + len(words)) + 1
    quote = NEWS[sentence_start:sentence_end]
    return figure(
        figure_id,
        source_id="n1",
        quote=quote,
        quote_start=str(sentence_start),
        quote_end=str(sentence_end),
        number_text=words,
        victim_group=group,
        counted_by=counter,
        **MONTH,
        **values,
    )


# (source id, publication date): one page per update
PAGES = {
    f"c{i:02d}": day
    for i, day in enumerate(
        [
            "2025-03-08",
            "2025-03-09",
            "2025-03-10",
            "2025-03-11",
            "2025-03-12",
            "2025-03-14",  # SOHR
            "2025-03-11",
            "2025-03-20",
            "2025-03-31",  # SNHR
            "2025-03-11",  # OHCHR
            "2025-06-30",  # Reuters
            "2025-07-22",  # national inquiry
            "2025-08-14",  # UN inquiry
            "2025-03-15",  # TV channel
            "2025-03-15",  # SOHR's Friday count, on a Saturday page
        ],
        start=1,
    )
}

FIGURES = [
    # SOHR: six dated updates of its civilian count (the first counts Alawite civilians only)
    cited("s1", "c01", "311", "2025-03-08", "sohr", "alawite_civilians"),
    cited("s2", "c02", "745", "2025-03-09", "sohr", part_of_figure_id="s2t"),
    cited("s3", "c03", "1,068", "2025-03-10", "sohr"),
    cited("s4", "c04", "1,225", "2025-03-11", "sohr"),
    cited("s5", "c05", "1,383", "2025-03-12", "sohr"),
    cited("s6", "c06", "1,476", "2025-03-14", "sohr"),
    # a Saturday page: "SOHR said on Friday": as of Friday 14 March, the day of s6 on another page
    cited(
        "s7",
        "c15",
        "at least 1,500",
        "2025-03-14",
        "sohr",
        as_of_basis="relative_to_publication",
        notes="The page, of Saturday 15 March, says SOHR gave the count on Friday.",
    ),
    # the 9 March total that includes fighters, with its subgroups (s2 is its civilians)
    cited("s2t", "c02", "1,018", "2025-03-09", "sohr", "mixed_total"),
    cited("s2f", "c02", "148", "2025-03-09", "sohr", "combatants", part_of_figure_id="s2t"),
    cited("s2s", "c02", "125", "2025-03-09", "sohr", "security_forces", part_of_figure_id="s2t"),
    # parts of the 11 March count: provinces that add up to it, and one day
    *(
        cited(
            f"s4{code[-2:].lower()}",
            "c04",
            n,
            "2025-03-11",
            "sohr",
            coverage="part_place",
            part_of_figure_id="s4",
            admin1=code,
        )
        for code, n in (("SY-LA", "658"), ("SY-TA", "384"), ("SY-HM", "171"), ("SY-HI", "12"))
    ),
    cited(
        "s4d",
        "c04",
        "at least 132",
        "2025-03-11",
        "sohr",
        coverage="part_period",
        part_of_figure_id="s4",
        date_start="2025-03-11",
        date_end="2025-03-11",
        date_precision="day",
        date_basis="stated",
    ),
    # SNHR: three updates
    cited("n1a", "c07", "over 800", "2025-03-11", "snhr", kind="documented_list"),
    cited("n1b", "c08", "1,100", "2025-03-20", "snhr", kind="documented_list"),
    cited("n1c", "c09", "1,334", "2025-03-31", "snhr", kind="documented_list"),
    # OHCHR's verified minimum, which it calls an undercount
    cited("o1", "c10", "111", "2025-03-11", "ohchr", kind="verified_minimum", count_status="known_undercount"),
    # Reuters counts Alawites; the opinion text relays it as "approximately 1,500 Alawite civilians"
    cited("r1", "c11", "1,479", "2025-06-30", "reuters", "alawites", kind="documented_list"),
    quoted("q2", "approximately 1,500", "reuters", "alawite_civilians", relay_of_figure_id="r1"),
    # the national inquiry and the UN inquiry
    cited(
        "i1",
        "c12",
        "1,426",
        "2025-07-22",
        "national-inquiry",
        "mostly_civilians",
        kind="documented_list",
        count_status="final",
    ),
    cited("u1", "c13", "around 1,400", "2025-08-14", "un-coi", "mostly_civilians", kind="estimate"),
    # an anonymous estimate a TV channel relays
    cited("t1", "c14", "about 2,000", "2025-03-15", "anonymous", kind="estimate"),
    # the monitor's count relayed, undated, by a news text
    quoted("q1", "over 740", "sohr", "civilians", count_kind="running_tally"),
]


ACTORS = [  # actor_id, name, kind, placeholder, speaks_for
    ("sohr", "Syrian Observatory for Human Rights", "monitor", "false", ""),
    ("snhr", "Syrian Network for Human Rights", "monitor", "false", ""),
    ("ohchr", "UN human rights office", "un_body", "false", ""),
    ("reuters", "Reuters", "news_agency", "false", ""),
    ("government", "The government", "government", "false", ""),
    ("national-inquiry", "National inquiry committee", "inquiry", "false", "government"),
    ("un-coi", "UN Commission of Inquiry", "un_body", "false", ""),
    ("anonymous", "A source not named", "other", "true", ""),
]
GROUPS = [  # victim_group, status, identity, scope, within: every group is a scope of its own
    ("mixed_total", "mixed", "any", "mixed_total", ""),
    ("people", "unknown", "any", "people", "mixed_total"),
    ("civilians", "civilians", "any", "civilians", "mixed_total"),
    ("alawite_civilians", "civilians", "alawite", "alawite_civilians", "civilians"),
    ("alawites", "unknown", "alawite", "alawites", "mixed_total"),
    ("mostly_civilians", "mostly_civilians", "any", "mostly_civilians", "mixed_total"),
    ("combatants", "combatants", "any", "combatants", "mixed_total"),
    ("security_forces", "security_forces", "any", "security_forces", "mixed_total"),
]
# The TV channel's page is graded D (not credible): its estimate is shown, but corroborates nothing.
GRADED = [{"rule_id": "source-c14", "source_id": "c14", "grade": "D", "reason": "A channel's unsourced estimate."}]


def toll_history(dest: Path, figures: list[dict] | None = None) -> Path:
    """The history as a package at dest (figures may be changed to break it)."""
    pkg = mini_package(
        dest,
        FIGURES if figures is None else figures,
        texts={"n1": NEWS},
        cited=PAGES,
        events=[EVENT],
        graded=GRADED,
    )
    write_rows(
        dest / "data" / "actors.csv",
        [dict(zip(("actor_id", "name", "kind", "placeholder", "speaks_for"), a, strict=True)) for a in ACTORS],
    )
    write_rows(
        dest / "data" / "victim_groups.csv",
        [
            dict(zip(("victim_group", "status", "identity", "scope", "within"), g, strict=True), description=g[0])
            for g in GROUPS
        ],
    )
    return pkg


# One government's offices and a monitor: the state news agency's preliminary 3, the interior ministry's 8 the
# same day, the health ministry's undated "at least 8" on a page of the next day (one body: the government), and
# a monitor's "at least 7" of the next day (a second body).
OFFICES = [  # actor_id, name, kind, placeholder, speaks_for
    ("government", "The government", "government", "false", ""),
    ("news-agency", "The state news agency", "media", "false", "government"),
    ("interior", "The interior ministry", "government", "false", "government"),
    ("health", "The health ministry", "government", "false", "government"),
    ("monitor", "A monitor", "monitor", "false", ""),
]
OFFICE_PAGES = {"o1": "2025-03-01", "o2": "2025-03-01", "o3": "2025-03-02", "o4": "2025-03-02"}
OFFICE_FIGURES = [
    cited("g1", "o1", "3", "2025-03-01", "news-agency", "people", "official_statement", count_status="preliminary"),
    cited("g2", "o2", "8", "2025-03-01", "interior", "people", "official_statement"),
    cited("g3", "o3", "at least 8", "", "health", "people", "official_statement"),
    cited("m1", "o4", "at least 7", "2025-03-02", "monitor", "people"),
]


def government_offices(dest: Path) -> Path:
    """The offices' story as a package at dest (the shipped victim groups)."""
    pkg = mini_package(dest, OFFICE_FIGURES, texts={}, cited=OFFICE_PAGES, events=[EVENT])
    write_rows(
        dest / "data" / "actors.csv",
        [dict(zip(("actor_id", "name", "kind", "placeholder", "speaks_for"), a, strict=True)) for a in OFFICES],
    )
    return pkg
