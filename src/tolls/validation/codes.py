"""The registry of problem codes: every code validation can report, with its layer, what it means, an
example message and how to fix it. CODEBOOK.md lists them (tolls.outputs.codebook renders this table), and a test
checks that every code any test produces is registered here.

Three sources, so that no code is written twice: the codes below (structure, provenance, coverage and the
two cross-table rules), the row rules of tolls.validation.row_rules (their code, field and message), and frictionless's
own error types (their title and description), for the table-schema layer.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import frictionless.errors

from tolls.validation.row_rules import ROW_RULES, RowRule


@dataclass(frozen=True)
class Code:
    layer: str
    meaning: str
    example: str
    fix: str


_WRITTEN: dict[str, Code] = {
    # structure: the descriptor and the files, before any content is read
    "descriptor-unreadable": Code(
        "structure",
        "datapackage.json is not UTF-8 JSON.",
        "datapackage.json: cannot be read as UTF-8 JSON: Expecting value: line 1 column 1",
        "Fix the JSON syntax (a JSON linter names the place).",
    ),
    "descriptor-shape": Code(
        "structure",
        "The descriptor lacks something every check relies on (resources, a "
        "name, a schema with fields) or holds it in the wrong form.",
        "datapackage.json: resources[figures].schema: has no schema; every table needs its fields listed",
        "Restore the descriptor's shape as the Data Package spec gives it.",
    ),
    "unsafe-path": Code(
        "structure",
        "A path (a resource's, or a text's in sources.csv) is a URL, absolute, a symbolic link, or leaves the package.",
        "datapackage.json: resources[figures].path: 'https://example.org/f.csv' is a URL; tolls fetches nothing",
        "Copy the file into the package and give its relative path.",
    ),
    "missing-resource": Code(
        "structure",
        "A resource the checks need, or one a foreign key names, is not listed.",
        "datapackage.json: resources: the resource 'exclusions' is missing; the checks need it",
        "Restore the resource in datapackage.json.",
    ),
    "unlisted-table": Code(
        "structure",
        "A CSV file beside the tables that no resource lists (it would escape every check).",
        "data/unnumbered_harms.csv: no resource of datapackage.json lists this table ('unnumbered_harms')",
        "List it with its schema in datapackage.json, or remove it.",
    ),
    "stale-hash": Code(
        "structure",
        "A resource's hash or bytes in datapackage.json do not match its file.",
        "datapackage.json: resource 'figures': hash and bytes do not match data/figures.csv as it is now",
        "Run the command the message names to update them.",
    ),
    "missing-file": Code(
        "structure",
        "A resource's file does not exist.",
        "data/figures.csv: the file is missing; resource 'figures' of datapackage.json names it",
        "Restore the file, or correct the path.",
    ),
    "byte-order-mark": Code(
        "structure",
        "A file starts with a UTF-8 byte order mark.",
        "data/figures.csv:1: starts with a byte order mark (BOM)",
        "Save it as UTF-8 without BOM.",
    ),
    "not-utf8": Code(
        "structure",
        "A file holds bytes that are not UTF-8.",
        "data/figures.csv:4: byte 0xe9 at byte offset 310 is not UTF-8",
        "Save the file as UTF-8.",
    ),
    "csv-error": Code(
        "structure",
        "The file cannot be parsed as CSV (a quote left open).",
        "data/events.csv: cannot be read as CSV (a quote left open?)",
        "Put each cell holding a comma, quote or line break in double quotes.",
    ),
    "empty-file": Code(
        "structure",
        "A table's file has no header row.",
        "data/figures.csv:1: is empty; expected a header row: figure_id,source_id,...",
        "Write the header row (and the rows).",
    ),
    "missing-column": Code(
        "structure",
        "A column of the schema is not in the header.",
        "data/figures.csv:1: notes: the column 'notes' is missing; add it as column 26",
        "Add the column where datapackage.json lists it.",
    ),
    "renamed-column": Code(
        "structure",
        "The header has another name where the schema expects a column.",
        "data/figures.csv:1: low: the header has 'low_x' where datapackage.json expects 'low'",
        "Rename the column as the schema names it.",
    ),
    "extra-column": Code(
        "structure",
        "The header has a column the schema does not list.",
        "data/figures.csv:1: the header has a column 'extra' that datapackage.json does not list",
        "Remove the column, or add the field to the schema.",
    ),
    "duplicate-column": Code(
        "structure",
        "The header names a column twice.",
        "data/figures.csv:1: low: the header names 'low' twice",
        "Keep each column once.",
    ),
    "column-order": Code(
        "structure",
        "The header has the schema's columns in another order.",
        "data/figures.csv:1: the columns 'low', 'best' are out of order",
        "Put the columns in the order of datapackage.json.",
    ),
    "checks-skipped": Code(
        "structure",
        "A table with a structure problem is left out of the content checks.",
        "data/figures.csv: the content checks of 'figures' ... are skipped until the problems above are fixed",
        "Fix the structure problems of that table and validate again.",
    ),
    "oversized-cell": Code(
        "structure",
        "A cell is longer than the stated limit (MAX_CELL characters).",
        "data/events.csv:2: notes: is 10,000,000 characters long; a cell holds at most 20,000",
        "Shorten the cell; a source text belongs in seeds/.",
    ),
    "control-character": Code(
        "structure",
        "A cell holds a control character (NUL, escape, ...).",
        "data/events.csv:2: name: holds the control character U+0000 at character 2",
        "Remove the character.",
    ),
    "bidi-control": Code(
        "structure",
        "A cell holds a bidirectional control (U+202A..U+202E, U+2066..U+2069) that reverses how the text after "
        "it is shown, in the report and the terminal alike.",
        "data/events.csv:2: name: holds the bidirectional control U+202E at character 5, which reverses how the "
        "text after it is shown",
        "Remove the control; Arabic and other right-to-left letters need none.",
    ),
    "text-control-character": Code(
        "structure",
        "A source text in seeds/ holds a control character (NUL, escape, ...) other than tab and line breaks.",
        "seeds/003_8e9320cdf299b3f9.txt:14: holds the control character U+0000 at column 7; remove it from the text",
        "Remove the character from the text, then let `tolls validate --fix` write the new sha256.",
    ),
    "descriptor-text": Code(
        "structure",
        "A title, description, name, HXL tag or version in datapackage.json starts with a character a "
        "spreadsheet runs as a formula, or holds a control character; outputs show these strings.",
        "datapackage.json: resources[figures].schema.fields[notes].description: '=HYPERLINK(\"http' starts "
        "with '=', which a spreadsheet would run as a formula",
        "Reword the string so it starts otherwise; remove the control character.",
    ),
    "field-type-changed": Code(
        "structure",
        "datapackage.json gives a field the checks compute with (a count, an offset, a date, an id) another "
        "type; the table's content checks wait until it is restored.",
        "datapackage.json: resources[figures].schema.fields[low].type: is 'date', but the checks, the views and "
        'the exports read low as an integer; restore "type": "integer"',
        "Restore the field's type in datapackage.json.",
    ),
    "integer-overflow": Code(
        "structure",
        "An integer cell does not fit 64 bits.",
        "data/figures.csv:2: low: 111111111111111111111111111111 does not fit a 64-bit integer",
        "Correct the number.",
    ),
    "formula-cell": Code(
        "structure",
        "A text cell starts with a character a spreadsheet runs as a formula (OWASP CSV injection).",
        "data/figures.csv:2: notes: '=1+1' starts with '='",
        "Reword the cell so it starts otherwise.",
    ),
    # frictionless: what the table-schema layer says when frictionless refuses the descriptor itself
    "descriptor-error": Code(
        "frictionless",
        "frictionless refuses the descriptor (an unknown field type, a bad constraint).",
        'datapackage.json: not a valid data package descriptor: field type "blob" is not supported',
        "Correct the descriptor as the message says.",
    ),
    # rules: cross-table checks beside the row rules of tolls.validation.row_rules
    "from-event-without-event": Code(
        "rules",
        "date_basis is from_event but the figure has no event.",
        "data/figures.csv:5: date_basis: is from_event but the figure has no event_id",
        "Give the event_id, or another date_basis.",
    ),
    "dates-not-event": Code(
        "rules",
        "Dates copied from the event differ from the event's.",
        "data/figures.csv:5: date_start: date_basis is from_event, so the dates must be ...",
        "Copy the event's dates.",
    ),
    # links (reported in the rules layer): rules that join two rows or two tables
    "evidence-mismatch": Code(
        "rules",
        "A figure's evidence (quoted/cited) differs from its source's.",
        "data/figures.csv:5: evidence: is quoted, but source s010 is cited",
        "A figure is quoted exactly when its source's text is in seeds/.",
    ),
    "copy-disagrees": Code(
        "rules",
        "A copy differs from the figure it copies in measure, victim scope or place.",
        "data/figures.csv:5: measure: measure is injured, but the figure it copies (f004) has killed",
        "Make the copy agree, or unlink it.",
    ),
    "relay-same-source": Code(
        "rules",
        "A relay names a figure of its own source.",
        "data/figures.csv:5: relay_of_figure_id: f004 is in the same source s001",
        "A passage repeated in one text is a copy (copy_of_figure_id), not a relay.",
    ),
    "relay-disagrees": Code(
        "rules",
        "A relay differs from the relayed figure in measure or counter.",
        "data/figures.csv:5: measure: is injured, but the relayed figure f020 counts killed",
        "Relay the same measure and name the counter it relays.",
    ),
    "part-same-scope": Code(
        "rules",
        "A part of the same victim scope as its total says whole_event.",
        "data/figures.csv:5: coverage: is whole_event, but its total f020 counts the same victim scope",
        "Name the part's coverage (part_place, part_period, part_victims).",
    ),
    "part-disagrees": Code(
        "rules",
        "A part differs from its total in source, event or measure.",
        "data/figures.csv:5: event_id: is 2025-03-coast, but its total f020 has 2025-05-homs",
        "A part belongs to a total of the same source, event and measure.",
    ),
    "parts-exceed-total": Code(
        "rules",
        "Parts of one kind add up to more than their total allows.",
        "data/figures.csv:5: low: the part_place parts of f020 add up to at least 900, "
        "more than its total allows (745)",
        "Correct the parts or the total.",
    ),
    "outside-event-dates": Code(
        "rules",
        "A figure's dates lie outside its event's.",
        "data/figures.csv:5: date_start: the figure covers 2025-02-01 to 2025-03-10, outside its event",
        "Widen the event (with its basis) or correct the figure.",
    ),
    "outside-event-places": Code(
        "rules",
        "A figure's places lie outside its event's.",
        "data/figures.csv:5: admin1: SY-HM is not within its event's places (SY-LA)",
        "Take the figure's places from the sentences about it.",
    ),
    "attribution-of-cited": Code(
        "rules",
        "An attribution names a cited figure (whose source has no text here).",
        "data/attributions.csv:4: figure_id: f030 is a cited figure",
        "Attribute quoted figures only.",
    ),
    # series (tolls.validation.series): bodies, scopes, one count per page and day, as-of days, grading tables
    "speaks-for-not-a-body": Code(
        "rules",
        "An actor's speaks_for names an actor that itself speaks for another (a body is one step away).",
        "data/actors.csv:18: speaks_for: sana itself speaks for syrian-government; name the body it speaks for",
        "Name the body itself: the actor whose speaks_for is empty.",
    ),
    "within-not-a-scope": Code(
        "rules",
        "A victim group's within names a group that is not its own scope.",
        "data/victim_groups.csv:5: within: alawites_any is not a scope (its scope is another group)",
        "Name a group that is its own scope.",
    ),
    "tie-same-page": Code(
        "rules",
        "Two original whole-event figures of one counter, event, measure, scope and as-of day come from one "
        "source: nothing says which is the counter's count that day.",
        "data/figures.csv:48: as_of: p046 of the same source c020 already gives sana's killed count of scope "
        "people as of 2025-12-26",
        "Keep one; mark a repeated passage as a copy (copy_of_figure_id), a breakdown as a part, or give each "
        "figure the day it stood.",
    ),
    "as-of-not-publication-day": Code(
        "rules",
        "as_of_basis is inferred_from_publication but as_of is not the day the source (dated to the day) was "
        "published.",
        "data/figures.csv:28: as_of: as_of 2025-03-13 is not the day c009 was published (2025-03-14)",
        "Use the publication day, or relative_to_publication for a day the page names ('on Thursday').",
    ),
    "as-of-relative-day": Code(
        "rules",
        "as_of_basis is relative_to_publication but the source is not dated to the day, or the figure's notes "
        "name no weekday or 'yesterday' that, read against the publication date, is its as_of.",
        "data/figures.csv:28: as_of_basis: notes name no day that, read against the publication date "
        "2025-03-14, is as_of 2025-03-12 (notes name: 'on Thursday' -> 2025-03-13)",
        "Quote the page's day words in notes ('SOHR said on Thursday') and set as_of to the day they name.",
    ),
    "reliability-rule-kind": Code(
        "rules",
        "A reliability rule names a source kind that sources.kind does not have.",
        "data/reliability_rules.csv:3: source_kind: blog is not a kind of source",
        "Use a value of sources.kind's enum.",
    ),
    "reliability-rule-twice": Code(
        "rules",
        "Two reliability rules grade one kind of source, or one source.",
        "data/reliability_rules.csv:9: source_kind: rule kind-news already grades news",
        "Keep one rule per kind and per source.",
    ),
    "corroboration-outcomes": Code(
        "rules",
        "The corroboration outcomes' bounds leave a case with no outcome, or give it two.",
        "data/corroboration_grades.csv:4: min_bodies: for 2 bodies, 2 credible, no disagreement, outcomes "
        "single_body, corroborated all apply",
        "Make the bounds of the outcomes cover every case exactly once.",
    ),
    # the model's families (tolls.validation.links): parts, relays, copies, citations, URLs, scopes, pointers
    "part-outside-total-period": Code(
        "rules",
        "A part covers days outside its total's period.",
        "data/figures.csv:5: date_start: the part covers 2025-04-02 to 2025-04-02, outside the period of its "
        "total f020 (2025-03-01 to 2025-03-31)",
        "Correct the part's dates, or link it to the total it belongs to.",
    ),
    "part-wider-group": Code(
        "rules",
        "A part counts victims its total's group leaves out (another status or identity, or a wider one).",
        "data/figures.csv:5: victim_group: is civilians (civilians, identity any), but its total f020 counts "
        "alawite_civilians (civilians, identity alawite)",
        "Correct the part's victim group, or link it to the total it belongs to.",
    ),
    "relay-other-event": Code(
        "rules",
        "A relay repeats a figure of another event.",
        "data/figures.csv:5: relay_of_figure_id: f020 counts event 2025-06-church, this figure event 2025-03-coast",
        "Correct the event or the link.",
    ),
    "relay-interval-disjoint": Code(
        "rules",
        "A relay's words allow no count the relayed figure allows.",
        "data/figures.csv:5: relay_of_figure_id: the words 'about 300' allow 200 to 400, which cannot hold the "
        "relayed figure f020 (745 to 745)",
        "Correct the reading of the words, or the link (it may be another count).",
    ),
    "copy-other-number": Code(
        "rules",
        "A copy states another number than the figure it copies (or, when neither states one, other bounds).",
        "data/figures.csv:5: copy_of_figure_id: reads 800, 800, 800 (low, stated, high), but the figure it "
        "copies (f003) reads 741, 740, empty",
        "A figure with another number is a relay (relay_of_figure_id) or a figure of its own.",
    ),
    "copy-sources-not-copies": Code(
        "rules",
        "A figure copies a figure of another source, and the two sources are not recorded as copies.",
        "data/figures.csv:5: copy_of_figure_id: f003 is in source s001, and s004 is not recorded as a copy of it",
        "Record the copy (copy_of_source_id in data/sources.csv), or make the figure a relay.",
    ),
    "outside-citation-not-cited": Code(
        "rules",
        "An outside citation names a quoted source, whose text is one of the texts, not a page outside them.",
        "data/sources.csv:3: outside_citation: s001 is a quoted source (its text is in seeds/)",
        "Add the page that supports the value as a cited source, and name it.",
    ),
    "url-forbidden-character": Code(
        "rules",
        "A URL holds a character RFC 3986 does not allow (a space, a quote, '<', a letter outside ASCII), or a "
        "'%' that is no percent-encoding.",
        "data/sources.csv:7: url: holds '<' (U+003C), which RFC 3986 does not allow in an address",
        "Write the address percent-encoded, as a browser's address bar copies it.",
    ),
    "url-mixed-script-host": Code(
        "rules",
        "A URL's host name mixes letters of two scripts (a Cyrillic 'а' among Latin letters), as a look-alike "
        "address does.",
        "data/sources.csv:7: url: the host name 'sаna' mixes letters of cyrillic and latin scripts",
        "Copy the address from the page itself.",
    ),
    "duplicate-url": Code(
        "rules",
        "Two sources have the address of one page.",
        "data/sources.csv:9: url: is the address of source c004 (line 6) too; one page is one source",
        "Keep one row, and give its figures that source_id.",
    ),
    "scope-cycle": Code(
        "rules",
        "Victim groups' scopes form a loop (a's scope is b, b's is a).",
        "data/victim_groups.csv:3: scope: the scopes form a loop: civilians -> people -> civilians",
        "Make one group of the loop its own scope.",
    ),
    "scope-not-own-scope": Code(
        "rules",
        "A group's scope is a group whose own scope is another one.",
        "data/victim_groups.csv:4: scope: is alawites, whose own scope is people",
        "Name the scope's scope, or make that group its own scope.",
    ),
    "figure-of-other-source": Code(
        "rules",
        "An unnumbered harm or a contradiction names a figure of another source.",
        "data/unnumbered_harms.csv:2: figure_id: f015 is a figure of source s004, this row's text is s000",
        "Name a figure of the same text, or leave figure_id empty.",
    ),
    "other-source-missing": Code(
        "rules",
        "A contradiction's other_source_ids names a source the package does not have.",
        "data/contradictions.csv:2: other_source_ids: names s099, which no row of data/sources.csv has",
        "Add that source, or correct the id.",
    ),
    "other-source-is-own": Code(
        "rules",
        "A contradiction against other sources names its own source among them.",
        "data/contradictions.csv:2: other_source_ids: names s000, the row's own source",
        "A statement against the same text is against same_text, with other_quote.",
    ),
    "column-needed": Code(
        "rules or provenance",
        "A check reads a column that the schema no longer lists.",
        "datapackage.json: the provenance checks read the column 'quote', which no schema lists",
        "Restore the field in datapackage.json (and the column in the CSV).",
    ),
    # provenance
    "text-missing": Code(
        "provenance",
        "A source's text file does not exist.",
        "data/sources.csv:2: path: seeds/000.txt does not exist",
        "Copy the source text there.",
    ),
    "sha256-mismatch": Code(
        "provenance",
        "A text's sha256 is not the one sources.csv records.",
        "data/sources.csv:2: sha256: seeds/000.txt has sha256 ab..., not cd...",
        "Restore the text byte for byte, or correct the hash.",
    ),
    "quote-not-at-offsets": Code(
        "provenance",
        "A quote does not stand at its offsets in the text.",
        "data/figures.csv:3: quote_start: the quote does not stand at 10..50 of s001's text",
        "Correct the offsets (the message says where the quote stands).",
    ),
    "number-text-outside-quote": Code(
        "provenance",
        "number_text does not stand inside the quote.",
        "data/figures.csv:3: number_text: 'over 740' does not stand inside the quote",
        "Copy number_text from the quote.",
    ),
    "measure-words-outside-quote": Code(
        "provenance",
        "measure_words does not stand inside the quote.",
        "data/figures.csv:3: measure_words: 'were killed' does not stand inside the quote",
        "Copy measure_words from the quote.",
    ),
    "harm-words-outside-quote": Code(
        "provenance",
        "harm_words does not stand inside the quote.",
        "data/unnumbered_harms.csv:3: harm_words: 'were killed' does not stand inside the quote",
        "Copy harm_words from the quote.",
    ),
    "no-number": Code(
        "provenance",
        "A figure's number_text holds no number by the interval rules.",
        "data/figures.csv:3: number_text: 'many' holds no number by the interval rules",
        "Record it as an exclusion, or correct the words.",
    ),
    "interval-mismatch": Code(
        "provenance",
        "A figure's interval is not what its rule gives for its words.",
        "data/figures.csv:13: best: is 1600, but rule approximately gives 1500",
        "Write the values the rule gives.",
    ),
    "country-code": Code(
        "provenance",
        "Not an ISO 3166-1 alpha-2 code.",
        "data/events.csv:2: country: 'XX' is not an ISO 3166-1 alpha-2 code",
        "Use the two-letter ISO code.",
    ),
    "admin1-code": Code(
        "provenance",
        "Not an ISO 3166-2 subdivision code.",
        "data/events.csv:2: admin1: 'SY-XX' is not an ISO 3166-2 subdivision code",
        "Use the ISO 3166-2 code (e.g. SY-LA).",
    ),
    "language-code": Code(
        "provenance",
        "Not an ISO 639-1 code.",
        "data/sources.csv:2: language: 'xx' is not an ISO 639-1 code",
        "Use the two-letter ISO 639-1 code.",
    ),
    "text-crlf": Code(
        "provenance",
        "A source text was saved with CRLF (Windows) line ends, which shifts every offset after the first line end.",
        "data/sources.csv:4: sha256: seeds/003.txt has CRLF line ends; its LF form matches the recorded sha256",
        "Save the text with LF line ends (`tolls validate --fix` restores it when its LF form matches).",
    ),
    "draft-row": Code(
        "drafts",
        "A row `tolls add` drafted still has cells only a person can decide.",
        "data/figures.csv:78: notes: f016 is a draft: decide event_id, victim_group, ...",
        "Fill the cells the message lists, then delete the [draft: ...] bracket at the start of notes.",
    ),
    "unlisted-text": Code(
        "provenance",
        "A file in seeds/ that no source lists.",
        "seeds/extra.txt: no row of data/sources.csv lists this text",
        "Add a source row (with its sha256), or remove the file.",
    ),
    "rule-table-error": Code(
        "provenance",
        "The interval rule table cannot be used, so the interval and coverage checks are skipped.",
        "data/interval_rules.csv: the rule table cannot be used (...)",
        "Fix the rule table as the message says.",
    ),
    "duplicate-cue": Code(
        "provenance",
        "A cue stands in two rules at the same position: a phrase would have two readings.",
        "data/interval_rules.csv:5: cues: the cue 'about' (before the number) is also "
        "a cue of rule approximately on line 4",
        "Keep the cue in one rule.",
    ),
    "bare-number-rule": Code(
        "provenance",
        "Not exactly one rule with no cue and no unit (the bare number).",
        "data/interval_rules.csv:20: cues: rule exact_twin has no cue and no unit, as rule exact",
        "Keep one bare-number rule.",
    ),
    "as-of-after-publication": Code(
        "provenance",
        "A figure's as-of date is after its source's latest publication date.",
        "data/figures.csv:2: as_of: as_of 2026-11-25 is after s000 was published (at the latest 2025-11-25)",
        "Correct the as-of date or the source's publication window.",
    ),
    # coverage
    "uncovered-number": Code(
        "coverage",
        "A number in a text is covered by no figure and no exclusion.",
        "seeds/003.txt:4: '12' (characters 100..102) is covered by no figure and no exclusion",
        "Add a row to data/figures.csv or data/exclusions.csv.",
    ),
    "partial-number-text": Code(
        "coverage",
        "number_text holds only part of the number's words.",
        "data/figures.csv:3: number_text: is '740', but the number's words are 'over 740'",
        "Copy all of the number's words, qualifier included.",
    ),
    # views: checked by `tolls build` on the database it built (tolls.database.view_schema), not by validation
    "view-schema": Code(
        "views",
        "A view gives a row its SQL file's header says it never gives: a column of another type, an empty cell "
        "where one is promised, a value outside the declared ones, two rows with one key, or a row breaking a "
        "declared check. It is a bug in the view, or a rule validation should enforce; nothing is written.",
        "src/tolls/database/sql/figure_detail.sql:124: low, high: figure_detail row 3 (figure_id 'f003'): breaks "
        "the check low <= high (low 1500, high 1400)",
        "Fix the view's SQL (or the rule of validation that let the row in); the declaration changes only "
        "when what the view promises does.",
    ),
    "view-sql": Code(
        "views",
        "A view's SQL cannot run on the package's tables: it reads a column datapackage.json no longer declares "
        "(renamed or removed). The data is valid; the model and its views disagree, so nothing is built.",
        "src/tolls/database/sql/figure_detail.sql: the view reads a column the tables do not have (Values list "
        '"b" does not have a column named "count_status")',
        "Undo the rename in datapackage.json and the CSV header, or rename the column in the views' SQL too "
        "(src/tolls/database/sql/): a change of the model, with its own version.",
    ),
}

# frictionless's own wording for the errors the table-schema layer rewords most; the others keep theirs.
_FRICTIONLESS_FIX = {
    "type-error": "Write the value in the field's type (dates as YYYY-MM-DD).",
    "constraint-error": "Write a value the field's constraint allows (CODEBOOK.md lists them).",
    "unique-error": "Give the row an id no other row has.",
    "primary-key": "Give the row a key no other row has.",
    "foreign-key": "Use a value that a row of the referenced table has, or add that row.",
    "blank-row": "Delete the blank row.",
    "extra-cell": "Quote the cell that holds a comma, or remove the cell.",
    "missing-cell": "Add the missing cells (empty ones too).",
}


def _rule_codes() -> dict[str, Code]:
    """One code per rule name: a rule declared for several tables (quote_length) lists each table's field and,
    where they differ, each table's fix; the example is the first table's."""
    by_code: dict[str, list[RowRule]] = {}
    for rule in ROW_RULES:
        by_code.setdefault(rule.code, []).append(rule)
    codes: dict[str, Code] = {}
    for code, rules in by_code.items():
        first = rules[0]
        shown = {k: v or "empty" for k, v in first.example[0].items()}  # as validation prints an empty cell
        tables: dict[str, list[str]] = {}  # each fix with the tables it is for, in order
        for r in rules:
            listed = tables.setdefault(r.fix, [])
            if r.resource not in listed:
                listed.append(r.resource)
        fix = first.fix if len(tables) == 1 else " ".join(f"{', '.join(t)}: {f}" for f, t in tables.items())
        codes[code] = Code(
            "rules",
            f"A row breaks the rule {first.name} ({', '.join(f'{r.resource}.{r.field}' for r in rules)}).",
            f"data/{first.resource}.csv:2: {first.field}: {first.message.format(**shown)}",
            fix,
        )
    return codes


def _frictionless_codes() -> dict[str, Code]:
    codes = {}
    for _, cls in inspect.getmembers(frictionless.errors, inspect.isclass):
        kind = getattr(cls, "type", None)
        if not isinstance(kind, str) or kind in codes:
            continue
        description = " ".join(str(getattr(cls, "description", "") or "").split())
        codes[kind] = Code(
            "frictionless",
            str(getattr(cls, "title", kind)) + ".",
            f"(frictionless) {description}",
            _FRICTIONLESS_FIX.get(kind, description or "See the frictionless documentation."),
        )
    return codes


CODES: dict[str, Code] = {**_frictionless_codes(), **_rule_codes(), **_WRITTEN}

# The frictionless codes CODEBOOK.md lists: those the table-schema layer rewords (the others keep
# frictionless's own message and are found in its documentation).
LISTED_FRICTIONLESS = (
    *_FRICTIONLESS_FIX,
    "missing-label",
    "extra-label",
    "incorrect-label",
    "duplicate-label",
    "blank-label",
    "resource-error",
    "descriptor-error",
)


def listed() -> list[tuple[str, Code]]:
    """The codes CODEBOOK.md lists, by layer in the order validation runs them, then by code."""
    order = {"structure": 0, "frictionless": 1, "rules": 2, "rules or provenance": 3, "provenance": 4, "coverage": 5}
    chosen = [(c, v) for c, v in CODES.items() if v.layer != "frictionless" or c in LISTED_FRICTIONLESS]
    return sorted(chosen, key=lambda cv: (order.get(cv[1].layer, 9), cv[0]))
