"""A labelled set of news-like sentences, written for the tests (not copied from any page), to measure how
well `tolls extract` / `tolls add` find number mentions and tell figures from other numbers.

Each entry: the sentence, and every number mention it holds as (number_text, label), where label is
"figure" (a count of people harmed) or the exclusion reason the schema allows. Mentions that are not
mentions at all (dates, years, clock times, ordinals) are not listed: finding one is a false mention.
Used by tests/mentions/test_extract_labelled.py and printed by benchmarks/extract_benchmark.py.
"""

from __future__ import annotations

FIGURE = "figure"

LABELLED: list[tuple[str, list[tuple[str, str]]]] = [
    # plain figures
    ("At least 14 people were killed in the shelling, the health ministry said.", [("At least 14", FIGURE)]),
    ("The attack killed 9 civilians and wounded 23 others.", [("9", FIGURE), ("23", FIGURE)]),
    ("Rescuers pulled the bodies of eleven men from the rubble.", [("eleven", FIGURE)]),
    ("The monitor put the death toll at more than 300.", [("more than 300", FIGURE)]),
    ("Around 2,000 families fled their homes overnight.", [("Around 2,000", FIGURE)]),
    ("Nearly 40 detainees were released on Sunday.", [("Nearly 40", FIGURE)]),
    ("Dozens were killed when the market was hit.", [("Dozens", FIGURE)]),
    ("Hundreds of civilians have been killed since the offensive began.", [("Hundreds", FIGURE)]),
    ("Two journalists were among the dead.", [("Two", FIGURE)]),
    ("The toll rose to 61, including 12 women.", [("rose to 61", FIGURE), ("12", FIGURE)]),
    ("Officials said 5 police officers were wounded.", [("5", FIGURE)]),
    ("Between 30 and 40 people are still missing.", [("Between 30 and 40", FIGURE)]),
    ("Thousands have been displaced by the fighting.", [("Thousands", FIGURE)]),
    ("A family of six was killed in the strike.", [("six", FIGURE)]),
    ("The group said it had abducted 17 workers.", [("17", FIGURE)]),
    ("Medics treated 48 wounded at the field hospital.", [("48", FIGURE)]),
    ("The blast killed 3 and injured 10.", [("3", FIGURE), ("10", FIGURE)]),
    ("More than 1,200 people have died in the clashes so far.", [("More than 1,200", FIGURE)]),
    ("At least eight soldiers died in the ambush.", [("At least eight", FIGURE)]),
    ("Some 70 prisoners were executed, the report found.", [("Some 70", FIGURE)]),
    # glued words (a lost space)
    ("Clashes resumed on FridayHundreds fled the district.", [("Hundreds", FIGURE)]),
    ("Shelling hit the town on Monday.Twelve people died.", [("Twelve", FIGURE)]),
    # counts of events
    ("The monitor has documented about 30 massacres since March.", [("about 30", "other")]),
    ("Investigators recorded at least 47 massacres in the province.", [("at least 47", "other")]),
    ("There were 12 air strikes on the city overnight.", [("12", "other")]),
    ("Residents reported three explosions near the port.", [("three", "other")]),
    ("The army carried out 5 raids in the area last week.", [("5", "other")]),
    # places and buildings
    ("Fighters stormed 14 villages along the river.", [("14", "count_of_places")]),
    ("About 30 homes were burned in the attack.", [("About 30", "count_of_places")]),
    ("The strikes hit four hospitals and two schools.", [("four", "count_of_places"), ("two", "count_of_places")]),
    ("Violence spread to several provinces.", [("several", "count_of_places")]),
    ("Gunmen kill 12 in attack on village near Hama", [("12", FIGURE)]),
    # hours, days and other durations
    ("The siege lasted 72 hours.", [("72", "duration")]),
    ("Fighting raged for three days before a truce.", [("three", "duration")]),
    ("The curfew was extended by two weeks.", [("two", "duration")]),
    ("Over 10 days, 40 people died of their wounds.", [("Over 10", "duration"), ("40", FIGURE)]),
    # datelines and timestamps
    ("Posted 2025-03-09 04:01:19 by the news desk.", [("19", "other")]),
    ("Updated 09/03/2025 14:05 after new figures.", [("09", "other"), ("03", "other"), ("05", "other")]),
    # crowds
    ("Dozens of people who chanted slogans gathered in the square.", [("Dozens", "crowd_size")]),
    ("Hundreds demonstrated outside the governor's office.", [("Hundreds", "crowd_size")]),
    ("Thousands of mourners attended the funeral.", [("Thousands", "crowd_size")]),
    ("Some 500 protesters marched to the parliament.", [("Some 500", "crowd_size")]),
    # defendants, documents, money, shares
    ("A court sentenced 14 suspects over the killings.", [("14", "defendants")]),
    ("Investigators reviewed hundreds of witness statements.", [("hundreds", "count_of_documents")]),
    ("The group published 40 videos of the raids.", [("40", "count_of_documents")]),
    ("Alawites make up about 10% of the population.", [("10%", "population_share")]),
    ("One in five residents has left the city.", [("One", "population_share"), ("five", "population_share")]),
    ("Reconstruction will cost $250 million.", [("250 million", "other")]),
    # idioms and pronouns
    ("Gunmen came to settle old scores with the family.", [("scores", "idiom")]),
    ("It was one of the deadliest days of the war.", [("one", "other")]),
    ("Five gunmen were killed in the exchange of fire.", [("Five", FIGURE)]),
    ("A man was shot dead at a checkpoint.", []),  # no number by the rules: no mention
    # not mentions at all (none expected)
    ("The attack took place on 22 June 2025.", []),
    ("Since 2011 the conflict has reshaped the region.", []),
    ("It was the third attack this month.", []),
    ("The meeting ended at 5 p.m.", []),
    ("The F-16 jets flew over the city.", []),
    # mixed
    ("Three days after the attack, 25 bodies were found in a mass grave.", [("Three", "duration"), ("25", FIGURE)]),
    ("The UN verified 111 killings, while the monitor counted over 1,500.", [("111", FIGURE), ("over 1,500", FIGURE)]),
    (
        "Some 20 gunmen attacked 3 villages, killing 19 people.",
        [("Some 20", "other"), ("3", "count_of_places"), ("19", FIGURE)],
    ),  # attackers are not a toll
    ("In 2024, 3,000 people were detained, according to the group.", [("3,000", FIGURE)]),
]

# Written after the classification rules were tuned on LABELLED, and never used to tune them: the figures
# measured here are the honest ones for text the rules have not seen.
HELD_OUT: list[tuple[str, list[tuple[str, str]]]] = [
    ("Gunfire killed at least 6 farmers near the dam on Wednesday.", [("at least 6", FIGURE)]),
    ("The agency said 350 families had arrived at the camp.", [("350", FIGURE)]),
    ("Four ambulances were destroyed in the attack.", [("Four", "other")]),
    ("The militia launched 9 attacks on army posts in a week.", [("9", "other")]),
    ("The ceasefire held for 48 hours before collapsing.", [("48", "duration")]),
    ("Some 300 people marched through the old city chanting.", [("Some 300", "crowd_size")]),
    ("A court charged 22 men over the massacre.", [("22", FIGURE)]),
    ("Nearly 90 bodies have been identified so far.", [("Nearly 90", FIGURE)]),
    ("Posted at 2025-12-26 13:40:02 by the wire desk.", [("02", "other")]),
    ("Rockets struck 6 neighbourhoods, killing 2 children.", [("6", "count_of_places"), ("2", FIGURE)]),
    ("The monitor said the toll had climbed to 212.", [("climbed to 212", FIGURE)]),
    ("Dozens of gunmen stormed the village at dawn.", [("Dozens", "other")]),
    ("Protesters numbered in the thousands on Friday.", [("thousands", "crowd_size")]),
    ("Five years after the war, 12 mass graves remain unexcavated.", [("Five", "duration"), ("12", "count_of_places")]),
    ("The UN said 1.2 million people needed aid.", [("1.2 million", FIGURE)]),
]


def score(find, labelled: list | None = None) -> dict[str, float | int | list[str]]:
    """Precision and recall of `find(text) -> mentions` (each with number_text, exclusion_guess) on LABELLED.

    Mentions: a found mention matches an expected one with the same words, in order, in the same sentence.
    Figures: a found mention is drafted as a figure when it has no exclusion guess; precision is the share of
    those that are labelled figures, recall the share of labelled figures drafted as figures.
    """
    found_n = expected_n = matched = 0
    drafted = drafted_ok = figures = figures_found = reasons = reasons_ok = 0
    errors: list[str] = []
    labelled = LABELLED if labelled is None else labelled
    for sentence, expected in labelled:
        got = [(m.number_text, "figure" if m.exclusion_guess is None else m.exclusion_guess) for m in find(sentence)]
        found_n += len(got)
        expected_n += len(expected)
        figures += sum(label == FIGURE for _, label in expected)
        todo = list(expected)
        for words, label in got:
            hit = next((e for e in todo if e[0] == words), None)
            if label == FIGURE:
                drafted += 1
            if hit is None:
                errors.append(f"false mention {words!r} ({label}) in {sentence!r}")
                continue
            todo.remove(hit)
            matched += 1
            if label == FIGURE and hit[1] == FIGURE:
                drafted_ok += 1
                figures_found += 1
            elif hit[1] != FIGURE and label != FIGURE:
                reasons += 1
                reasons_ok += label == hit[1]
                if label != hit[1]:
                    errors.append(f"reason {label!r}, labelled {hit[1]!r}: {words!r} in {sentence!r}")
            else:
                errors.append(f"drafted as {label!r}, labelled {hit[1]!r}: {words!r} in {sentence!r}")
        errors += [f"missed {w!r} ({label}) in {sentence!r}" for w, label in todo]
    return {
        "sentences": len(labelled),
        "expected": expected_n,
        "found": found_n,
        "mention_precision": matched / found_n,
        "mention_recall": matched / expected_n,
        "figure_precision": drafted_ok / drafted,
        "figure_recall": figures_found / figures,
        "reason_accuracy": reasons_ok / reasons if reasons else float("nan"),
        "errors": errors,
    }
