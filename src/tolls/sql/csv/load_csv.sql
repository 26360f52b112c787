-- Generated from datapackage.json and src/tolls/sql/*.sql by `python -m tolls.database`;
-- do not edit (a test fails when it is stale). Run it from the root of a clone, DuckDB CLI 1.5+:
--   duckdb tolls.duckdb -c ".read src/tolls/sql/csv/load_csv.sql"
-- It loads data/*.csv and seeds/*.txt into tables (the file stands alone), then creates the views.

CREATE OR REPLACE TABLE "sources" (
    "source_id" VARCHAR NOT NULL,
    "path" VARCHAR NOT NULL,
    "sha256" VARCHAR NOT NULL,
    "label" VARCHAR NOT NULL,
    "title" VARCHAR,
    "outlet" VARCHAR,
    "url" VARCHAR,
    "kind" VARCHAR NOT NULL,
    "published_earliest" DATE,
    "published_latest" DATE,
    "published_basis" VARCHAR NOT NULL,
    "published_note" VARCHAR,
    "language" VARCHAR NOT NULL,
    "copy_of_source_id" VARCHAR,
    "notes" VARCHAR
);
INSERT INTO "sources" BY NAME SELECT * FROM read_csv('data/sources.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "events" (
    "event_id" VARCHAR NOT NULL,
    "name" VARCHAR NOT NULL,
    "event_type" VARCHAR NOT NULL,
    "date_start" DATE NOT NULL,
    "date_end" DATE NOT NULL,
    "date_precision" VARCHAR NOT NULL,
    "date_basis" VARCHAR NOT NULL,
    "country" VARCHAR NOT NULL,
    "admin1" VARCHAR,
    "notes" VARCHAR
);
INSERT INTO "events" BY NAME SELECT * FROM read_csv('data/events.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "actors" (
    "actor_id" VARCHAR NOT NULL,
    "name" VARCHAR NOT NULL,
    "kind" VARCHAR NOT NULL,
    "aliases" VARCHAR,
    "notes" VARCHAR
);
INSERT INTO "actors" BY NAME SELECT * FROM read_csv('data/actors.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "victim_groups" (
    "victim_group" VARCHAR NOT NULL,
    "scope" VARCHAR NOT NULL,
    "description" VARCHAR NOT NULL
);
INSERT INTO "victim_groups" BY NAME SELECT * FROM read_csv('data/victim_groups.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "interval_rules" (
    "rule_id" VARCHAR NOT NULL,
    "qualifier" VARCHAR NOT NULL,
    "cues" VARCHAR,
    "unit" BIGINT,
    "low_factor" DOUBLE,
    "low_offset" BIGINT,
    "best_factor" DOUBLE,
    "best_offset" BIGINT,
    "high_factor" DOUBLE,
    "high_offset" BIGINT,
    "example" VARCHAR NOT NULL,
    "example_low" BIGINT,
    "example_best" BIGINT,
    "example_high" BIGINT,
    "acled_point" BIGINT,
    "citation" VARCHAR NOT NULL
);
INSERT INTO "interval_rules" BY NAME SELECT * FROM read_csv('data/interval_rules.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "figures" (
    "figure_id" VARCHAR NOT NULL,
    "source_id" VARCHAR NOT NULL,
    "event_id" VARCHAR,
    "event_basis" VARCHAR NOT NULL,
    "quote" VARCHAR NOT NULL,
    "quote_start" BIGINT NOT NULL,
    "quote_end" BIGINT NOT NULL,
    "number_text" VARCHAR NOT NULL,
    "measure" VARCHAR NOT NULL,
    "victim_group" VARCHAR NOT NULL,
    "qualifier" VARCHAR NOT NULL,
    "low" BIGINT,
    "best" BIGINT,
    "high" BIGINT,
    "interval_rule" VARCHAR NOT NULL,
    "date_start" DATE NOT NULL,
    "date_end" DATE NOT NULL,
    "date_precision" VARCHAR NOT NULL,
    "date_basis" VARCHAR NOT NULL,
    "as_of" DATE,
    "counted_by" VARCHAR,
    "country" VARCHAR NOT NULL,
    "admin1" VARCHAR,
    "place_text" VARCHAR,
    "copy_of_figure_id" VARCHAR,
    "notes" VARCHAR
);
INSERT INTO "figures" BY NAME SELECT * FROM read_csv('data/figures.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "attributions" (
    "attribution_id" VARCHAR NOT NULL,
    "figure_id" VARCHAR NOT NULL,
    "actor_id" VARCHAR NOT NULL,
    "stance" VARCHAR NOT NULL,
    "quote" VARCHAR NOT NULL,
    "quote_start" BIGINT NOT NULL,
    "quote_end" BIGINT NOT NULL,
    "notes" VARCHAR
);
INSERT INTO "attributions" BY NAME SELECT * FROM read_csv('data/attributions.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "exclusions" (
    "exclusion_id" VARCHAR NOT NULL,
    "source_id" VARCHAR NOT NULL,
    "quote" VARCHAR NOT NULL,
    "quote_start" BIGINT NOT NULL,
    "quote_end" BIGINT NOT NULL,
    "number_text" VARCHAR NOT NULL,
    "reason" VARCHAR NOT NULL,
    "notes" VARCHAR
);
INSERT INTO "exclusions" BY NAME SELECT * FROM read_csv('data/exclusions.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE texts (source_id VARCHAR NOT NULL, path VARCHAR NOT NULL, text VARCHAR NOT NULL);
INSERT INTO texts
SELECT s.source_id, s.path, t.content
FROM sources AS s
JOIN read_text('seeds/*.txt') AS t ON replace(t.filename, '\', '/') = s.path;

-- One row per figure: a number that one source reports, with the source (label, title, kind,
-- publication dates), the event, the counter, the victim scope, the actors the source says caused
-- the harm, the key under which it counts as an independent count, and a range_label to paste.
--
-- count_key: figures with the same key count once. It is counted_by || '@' || as_of ('unknown'
-- when the text gives no date) when the figure names a counter; otherwise the key of the figure at
-- the root of its copy_of_figure_id chain (a passage repeated inside one text, or the same figure
-- in a copied text, counts with the figure it repeats).
-- reported_on: the as-of date, else the latest, else the earliest publication date; the date by
-- which the figure is known to have been reported. reported_on_basis says which one it is.
-- range_label: the interval in words (qualifier from data/interval_rules.csv): 745; at least 8;
-- more than 740; about 1,500 (1,425 to 1,575); nearly 100; up to 10; fewer than 10; 8 to 10; or
-- the text's own words, lower-cased, for vague words (dozens). The number is read back from the
-- bounds through the figure's interval rule. stated_label is the same without the bounds of
-- 'about' ("about 1,500"). Empty bounds stay empty: never zero.
CREATE OR REPLACE VIEW figure_detail AS
WITH RECURSIVE chain (figure_id, root_figure_id) AS (
    SELECT figure_id, figure_id FROM figures WHERE copy_of_figure_id IS NULL
    UNION ALL
    SELECT f.figure_id, c.root_figure_id
    FROM figures AS f
    JOIN chain AS c ON f.copy_of_figure_id = c.figure_id
),
attributed AS (
    SELECT a.figure_id,
           string_agg(coalesce(ac.name, a.actor_id) || ' (' || a.stance || ')', '; '
                      ORDER BY a.attribution_id) AS attributed_to,
           list(DISTINCT a.actor_id ORDER BY a.actor_id) AS attributed_actor_ids,
           count(*) AS n_attributions
    FROM attributions AS a
    LEFT JOIN actors AS ac ON ac.actor_id = a.actor_id
    GROUP BY a.figure_id
),
base AS (
    SELECT f.*,
           coalesce(c.root_figure_id, f.figure_id) AS root_figure_id,
           -- the number the words carry, read back through the rule that made the bounds
           coalesce(
               CASE
                   WHEN f.best IS NOT NULL AND r.best_factor IS NOT NULL AND r.best_factor <> 0
                       THEN round((f.best - coalesce(r.best_offset, 0)) / r.best_factor)
                   WHEN f.high IS NOT NULL AND r.high_factor IS NOT NULL AND r.high_factor <> 0
                       THEN round((f.high - coalesce(r.high_offset, 0)) / r.high_factor)
                   WHEN f.low IS NOT NULL AND r.low_factor IS NOT NULL AND r.low_factor <> 0
                       THEN round((f.low - coalesce(r.low_offset, 0)) / r.low_factor)
               END,
               CASE f.qualifier
                   WHEN 'exact' THEN coalesce(f.best, f.low)
                   WHEN 'at_least' THEN f.low
                   WHEN 'more_than' THEN f.low - 1
                   WHEN 'approximately' THEN f.best
                   WHEN 'nearly' THEN f.high + 1
                   WHEN 'at_most' THEN f.high
                   WHEN 'fewer_than' THEN f.high + 1
               END
           )::BIGINT AS stated_number
    FROM figures AS f
    LEFT JOIN chain AS c ON c.figure_id = f.figure_id
    LEFT JOIN interval_rules AS r ON r.rule_id = f.interval_rule
),
labelled AS (
    SELECT base.*,
           coalesce(
               CASE qualifier
                   WHEN 'exact' THEN format('{:,}', stated_number)
                   WHEN 'at_least' THEN 'at least ' || format('{:,}', stated_number)
                   WHEN 'more_than' THEN 'more than ' || format('{:,}', stated_number)
                   WHEN 'approximately' THEN 'about ' || format('{:,}', stated_number)
                   WHEN 'nearly' THEN 'nearly ' || format('{:,}', stated_number)
                   WHEN 'at_most' THEN 'up to ' || format('{:,}', stated_number)
                   WHEN 'fewer_than' THEN 'fewer than ' || format('{:,}', stated_number)
                   WHEN 'range' THEN format('{:,}', low) || ' to ' || format('{:,}', high)
               END,
               lower(number_text)
           ) AS stated_label
    FROM base
)
SELECT
    b.figure_id,
    b.source_id,
    s.label AS source_label,
    s.title AS source_title,
    s.kind AS source_kind,
    s.published_earliest,
    s.published_latest,
    s.published_basis,
    s.copy_of_source_id,
    b.event_id,
    e.name AS event_name,
    e.event_type,
    e.date_start AS event_date_start,
    e.date_end AS event_date_end,
    b.quote,
    b.quote_start,
    b.quote_end,
    b.number_text,
    b.measure,
    b.victim_group,
    vg.scope,
    b.qualifier,
    b.low,
    b.best,
    b.high,
    CASE
        WHEN b.qualifier = 'approximately' AND b.low IS NOT NULL AND b.high IS NOT NULL
            THEN b.stated_label || ' (' || format('{:,}', b.low) || ' to ' || format('{:,}', b.high) || ')'
        ELSE b.stated_label
    END AS range_label,
    b.stated_label,
    b.interval_rule,
    b.date_start,
    b.date_end,
    b.date_precision,
    b.as_of,
    coalesce(b.as_of, s.published_latest, s.published_earliest) AS reported_on,
    CASE
        WHEN b.as_of IS NOT NULL THEN 'as_of'
        WHEN s.published_latest IS NOT NULL THEN 'published_latest'
        WHEN s.published_earliest IS NOT NULL THEN 'published_earliest'
    END AS reported_on_basis,
    b.counted_by,
    counter.name AS counter_name,
    b.copy_of_figure_id,
    b.root_figure_id,
    CASE
        WHEN b.counted_by IS NOT NULL
            THEN b.counted_by || '@' || coalesce(CAST(b.as_of AS VARCHAR), 'unknown')
        WHEN root.counted_by IS NOT NULL
            THEN root.counted_by || '@' || coalesce(CAST(root.as_of AS VARCHAR), 'unknown')
        ELSE 'figure:' || b.root_figure_id
    END AS count_key,
    coalesce(attr.n_attributions, 0) AS n_attributions,
    attr.attributed_to,
    attr.attributed_actor_ids,
    b.country,
    b.admin1,
    b.place_text,
    b.notes
FROM labelled AS b
LEFT JOIN figures AS root ON root.figure_id = b.root_figure_id
LEFT JOIN sources AS s ON s.source_id = b.source_id
LEFT JOIN events AS e ON e.event_id = b.event_id
LEFT JOIN victim_groups AS vg ON vg.victim_group = b.victim_group
LEFT JOIN actors AS counter ON counter.actor_id = b.counted_by
LEFT JOIN attributed AS attr ON attr.figure_id = b.figure_id
ORDER BY b.figure_id;

-- One row per event, measure and victim scope (victim_groups.scope): the range of the figures
-- that the sources report for it. victim_group holds the scope; victim_groups lists the finer
-- groups the figures name.
--
-- n_independent counts distinct figure_detail.count_key: a copy or rewrite of another source and a
-- passage repeated inside one text count once, and so do figures traced to the same counter and
-- as-of date. n_independent_sources counts sources after following copy_of_source_id to the original.
-- low is the lowest lower bound and high the highest upper bound. An empty bound is unknown or
-- unbounded, never zero: low is empty when any figure has no lower bound, high is empty when any
-- figure has no upper bound ("more than 740"). high_bounded is the highest upper bound among the
-- figures that have one; n_unbounded counts the figures without one.
-- first_reported and last_reported span figure_detail.reported_on.
-- range_label runs from the stated_label of the figure with the lowest lower bound to that of the figure
-- reaching highest (its upper bound, else its point value, else its lower bound), then says how
-- many independent counts stand behind it.
-- Figures with no event are not pooled with one another: each (with its repeats) has its own row,
-- with event_id empty and event_name 'no event (figure <id>)'.
CREATE OR REPLACE VIEW event_ranges AS
WITH RECURSIVE source_root (source_id, root_source_id) AS (
    SELECT source_id, source_id FROM sources WHERE copy_of_source_id IS NULL
    UNION ALL
    SELECT s.source_id, r.root_source_id
    FROM sources AS s
    JOIN source_root AS r ON s.copy_of_source_id = r.source_id
),
fd AS (
    SELECT d.*,
           coalesce(d.event_id, 'no event: ' || d.root_figure_id) AS group_key,
           coalesce(sr.root_source_id, d.source_id) AS root_source_id
    FROM figure_detail AS d
    LEFT JOIN source_root AS sr ON sr.source_id = d.source_id
),
grouped AS (
    SELECT
        group_key,
        any_value(event_id) AS event_id,
        coalesce(any_value(event_name), 'no event (figure ' || min(root_figure_id) || ')') AS event_name,
        min(event_date_start) AS event_date_start,
        measure,
        scope AS victim_group,
        list(DISTINCT victim_group ORDER BY victim_group) AS victim_groups,
        count(*) AS n_figures,
        count(DISTINCT source_id) AS n_sources,
        count(DISTINCT count_key) AS n_independent,
        count(DISTINCT root_source_id) AS n_independent_sources,
        CASE WHEN bool_and(low IS NOT NULL) THEN min(low) END AS low,
        CASE WHEN bool_and(high IS NOT NULL) THEN max(high) END AS high,
        max(high) AS high_bounded,
        count(*) FILTER (WHERE high IS NULL) AS n_unbounded,
        min(best) AS best_min,
        max(best) AS best_max,
        min(reported_on) AS first_reported,
        max(reported_on) AS last_reported,
        string_agg(DISTINCT counter_name, '; ' ORDER BY counter_name) AS counters,
        list(figure_id ORDER BY figure_id) AS figure_ids,
        list(stated_label ORDER BY low ASC NULLS FIRST, best ASC NULLS FIRST, figure_id)[1] AS lower_label,
        list(stated_label ORDER BY coalesce(high, best, low) DESC NULLS LAST, figure_id)[1] AS upper_label
    FROM fd
    GROUP BY group_key, measure, scope
)
SELECT
    event_id,
    event_name,
    measure,
    victim_group,
    victim_groups,
    n_figures,
    n_sources,
    n_independent,
    n_independent_sources,
    low,
    high,
    high_bounded,
    n_unbounded,
    best_min,
    best_max,
    first_reported,
    last_reported,
    counters,
    figure_ids,
    CASE WHEN lower_label = upper_label THEN lower_label ELSE lower_label || ' to ' || upper_label END
        || ', from ' || n_independent
        || CASE WHEN n_independent = 1 THEN ' independent count' ELSE ' independent counts' END
        AS range_label
FROM grouped
ORDER BY event_date_start NULLS LAST, event_id NULLS LAST, event_name, measure, victim_group;

-- One row per figure that belongs to an event, placed in order within its event, measure and
-- victim scope by reported_on (as-of date, else latest, else earliest publication date), with
-- the change from the figure before it: how a toll grew as it was reported.
--
-- Figures reported on the same date are put in order of their lower bound, then figure_id, as
-- the texts give no finer order. Figures with no reported_on come last. Figures with no event are
-- left out (there is no toll to follow). change_low, change_best and change_high are differences
-- of bounds, empty when either bound is empty (an empty bound is unknown or unbounded, never zero).
-- repeats_earlier is true when an earlier figure in the same order has the same count_key.
CREATE OR REPLACE VIEW toll_timeline AS
WITH ordered AS (
    SELECT
        d.*,
        row_number() OVER w AS step,
        lag(d.figure_id) OVER w AS previous_figure_id,
        lag(d.range_label) OVER w AS previous_range_label,
        lag(d.low) OVER w AS previous_low,
        lag(d.best) OVER w AS previous_best,
        lag(d.high) OVER w AS previous_high,
        row_number() OVER (PARTITION BY d.event_id, d.measure, d.scope, d.count_key
                           ORDER BY d.reported_on NULLS LAST, d.low NULLS FIRST, d.figure_id) > 1
            AS repeats_earlier
    FROM figure_detail AS d
    WHERE d.event_id IS NOT NULL
    WINDOW w AS (PARTITION BY d.event_id, d.measure, d.scope
                 ORDER BY d.reported_on NULLS LAST, d.low NULLS FIRST, d.figure_id)
)
SELECT
    event_id,
    event_name,
    measure,
    scope,
    step,
    reported_on,
    reported_on_basis,
    figure_id,
    source_id,
    source_label,
    counter_name,
    victim_group,
    number_text,
    range_label,
    low,
    best,
    high,
    count_key,
    repeats_earlier,
    previous_figure_id,
    previous_range_label,
    low - previous_low AS change_low,
    best - previous_best AS change_best,
    high - previous_high AS change_high,
    CASE
        WHEN previous_figure_id IS NULL THEN NULL
        WHEN low IS NOT DISTINCT FROM previous_low AND best IS NOT DISTINCT FROM previous_best
             AND high IS NOT DISTINCT FROM previous_high THEN 'same as before'
        ELSE 'from ' || previous_range_label || ' to ' || range_label
    END AS change
FROM ordered
ORDER BY event_id, measure, scope, step;

-- One row per pair of attributions that disagree about who caused the harm: within one event
-- (figures of any source), or within one figure when it has no event. within_source is true when
-- one text makes both attributions (the text contradicts itself or names several actors apart).
--
-- Two attributions disagree when they name different actors, or the same actor with one stance
-- 'denied' and the other not. Attributions that share one quote (one sentence naming several
-- actors together, e.g. "attacks by pro-regime groups and security forces") are a joint
-- attribution, not a disagreement, and are not paired. Each pair appears once (a before b by
-- attribution_id), with both quotes.
CREATE OR REPLACE VIEW attribution_conflicts AS
WITH att AS (
    SELECT
        a.attribution_id,
        a.figure_id,
        a.actor_id,
        coalesce(ac.name, a.actor_id) AS actor_name,
        ac.kind AS actor_kind,
        a.stance,
        a.quote,
        a.quote_start,
        a.quote_end,
        d.source_id,
        d.event_id,
        d.event_name,
        d.measure,
        d.range_label
    FROM attributions AS a
    JOIN figure_detail AS d ON d.figure_id = a.figure_id
    LEFT JOIN actors AS ac ON ac.actor_id = a.actor_id
)
SELECT
    a.event_id,
    a.event_name,
    a.source_id = b.source_id AS within_source,
    CASE WHEN a.actor_id <> b.actor_id THEN 'different actors' ELSE 'stated and denied' END AS conflict,
    a.source_id AS source_id_a,
    a.figure_id AS figure_id_a,
    a.measure AS measure_a,
    a.range_label AS range_label_a,
    a.attribution_id AS attribution_id_a,
    a.actor_id AS actor_id_a,
    a.actor_name AS actor_a,
    a.stance AS stance_a,
    a.quote AS quote_a,
    b.source_id AS source_id_b,
    b.figure_id AS figure_id_b,
    b.measure AS measure_b,
    b.range_label AS range_label_b,
    b.attribution_id AS attribution_id_b,
    b.actor_id AS actor_id_b,
    b.actor_name AS actor_b,
    b.stance AS stance_b,
    b.quote AS quote_b
FROM att AS a
JOIN att AS b
    ON a.attribution_id < b.attribution_id
    AND (a.event_id = b.event_id OR a.figure_id = b.figure_id)
    AND (a.actor_id <> b.actor_id OR ((a.stance = 'denied') <> (b.stance = 'denied')))
    AND NOT (a.source_id = b.source_id AND a.quote_start = b.quote_start AND a.quote_end = b.quote_end)
ORDER BY a.event_id NULLS LAST, a.attribution_id, b.attribution_id;

-- One row per pair of figures for the same event, measure and victim scope whose intervals do not
-- overlap: a's upper bound lies below b's lower bound (a is the lower of the two). gap is b.low
-- minus a.high. An empty bound is unknown or unbounded, so a pair with one never counts as
-- disjoint on that side. what_differs lists, in neutral words, what sets the two apart: source,
-- counter, as-of date, date reported, victim group (within the scope), qualifier, wording.
CREATE OR REPLACE VIEW discrepancies AS
SELECT
    a.event_id,
    a.event_name,
    a.measure,
    a.scope,
    a.figure_id AS figure_id_a,
    a.source_id AS source_id_a,
    a.range_label AS range_label_a,
    a.low AS low_a,
    a.high AS high_a,
    a.counter_name AS counter_a,
    a.as_of AS as_of_a,
    a.reported_on AS reported_on_a,
    a.victim_group AS victim_group_a,
    a.number_text AS number_text_a,
    a.quote AS quote_a,
    b.figure_id AS figure_id_b,
    b.source_id AS source_id_b,
    b.range_label AS range_label_b,
    b.low AS low_b,
    b.high AS high_b,
    b.counter_name AS counter_b,
    b.as_of AS as_of_b,
    b.reported_on AS reported_on_b,
    b.victim_group AS victim_group_b,
    b.number_text AS number_text_b,
    b.quote AS quote_b,
    b.low - a.high AS gap,
    a.count_key = b.count_key AS same_count_key,
    concat_ws('; ',
        CASE WHEN a.source_id <> b.source_id THEN 'source' END,
        CASE WHEN a.counted_by IS DISTINCT FROM b.counted_by THEN 'counter' END,
        CASE WHEN a.as_of IS DISTINCT FROM b.as_of THEN 'as-of date' END,
        CASE WHEN a.reported_on IS DISTINCT FROM b.reported_on THEN 'date reported' END,
        CASE WHEN a.victim_group <> b.victim_group THEN 'victim group' END,
        CASE WHEN a.qualifier <> b.qualifier THEN 'qualifier' END,
        CASE WHEN lower(a.number_text) <> lower(b.number_text) THEN 'wording' END
    ) AS what_differs
FROM figure_detail AS a
JOIN figure_detail AS b
    ON a.event_id = b.event_id
    AND a.measure = b.measure
    AND a.scope = b.scope
    AND a.figure_id <> b.figure_id
    AND a.high < b.low
ORDER BY a.event_id, a.measure, a.scope, a.figure_id, b.figure_id;

-- One row per pair of sources whose texts are near-copies or rewrites of each other
-- (kind 'between_sources'), and per run of passages that one source repeats inside itself
-- (kind 'within_source', lines counted from 1 in the text file). Computed from the texts in the
-- texts table, so a newly added copy is found without any hand-set column.
--
-- Words are runs of letters and digits, lower-cased. similarity is the Jaccard index of the two
-- sets of distinct words (shared words / words in either); containment is shared words / words of
-- the smaller set. Between sources, a pair is listed when similarity >= 0.22, or when
-- sources.copy_of_source_id links the two (declared_copy). The threshold sits between the shipped
-- rewrites s001 and s002 (0.249: the same story in reworded sentences) and the next pair (0.186);
-- a verbatim copy scores near 1. Within a source, lines of at least 20 words are compared
-- (shorter lines are headlines and captions, which page captures repeat by layout); two lines
-- with similarity >= 0.8 repeat each other, and consecutive repeated lines are joined into one
-- run (s002: lines 7-9 again as lines 10-12).
CREATE OR REPLACE VIEW source_copies AS
WITH words AS (
    SELECT DISTINCT source_id, unnest(regexp_extract_all(lower(text), '[\p{L}\p{N}]+')) AS word
    FROM texts
),
vocabulary AS (
    SELECT source_id, count(*) AS n_words FROM words GROUP BY source_id
),
shared AS (
    SELECT a.source_id AS source_id_a, b.source_id AS source_id_b, count(*) AS shared_words
    FROM words AS a
    JOIN words AS b ON a.word = b.word AND a.source_id < b.source_id
    GROUP BY a.source_id, b.source_id
),
scored AS (
    SELECT s.source_id_a, s.source_id_b, s.shared_words,
           s.shared_words / (va.n_words + vb.n_words - s.shared_words) AS similarity,
           s.shared_words / least(va.n_words, vb.n_words) AS containment
    FROM shared AS s
    JOIN vocabulary AS va ON va.source_id = s.source_id_a
    JOIN vocabulary AS vb ON vb.source_id = s.source_id_b
),
declared AS (
    SELECT DISTINCT least(source_id, copy_of_source_id) AS source_id_a,
                    greatest(source_id, copy_of_source_id) AS source_id_b
    FROM sources
    WHERE copy_of_source_id IS NOT NULL AND copy_of_source_id <> source_id
),
between_sources AS (
    SELECT
        'between_sources' AS kind,
        coalesce(sc.source_id_a, d.source_id_a) AS source_id_a,
        coalesce(sc.source_id_b, d.source_id_b) AS source_id_b,
        CAST(NULL AS BIGINT) AS line_a_first,
        CAST(NULL AS BIGINT) AS line_a_last,
        CAST(NULL AS BIGINT) AS line_b_first,
        CAST(NULL AS BIGINT) AS line_b_last,
        CAST(NULL AS BIGINT) AS n_passages,
        round(coalesce(sc.similarity, 0), 3) AS similarity,
        round(coalesce(sc.containment, 0), 3) AS containment,
        coalesce(sc.shared_words, 0) AS shared_words,
        d.source_id_a IS NOT NULL AS declared_copy,
        coalesce(sc.similarity >= 0.22, false) AS found_in_text,
        CAST(NULL AS VARCHAR) AS excerpt
    FROM scored AS sc
    FULL OUTER JOIN declared AS d
        ON d.source_id_a = sc.source_id_a AND d.source_id_b = sc.source_id_b
    WHERE sc.similarity >= 0.22 OR d.source_id_a IS NOT NULL
),
split AS (
    SELECT source_id, string_split(replace(text, chr(13), ''), chr(10)) AS lines FROM texts
),
numbered AS (
    SELECT source_id, unnest(lines) AS passage, generate_subscripts(lines, 1) AS line FROM split
),
passages AS (
    SELECT source_id, line, passage, toks,
           row_number() OVER (PARTITION BY source_id ORDER BY line) AS passage_no
    FROM (
        SELECT source_id, line, passage, regexp_extract_all(lower(passage), '[\p{L}\p{N}]+') AS toks
        FROM numbered
    )
    WHERE len(toks) >= 20
),
passage_words AS (
    SELECT DISTINCT source_id, line, unnest(toks) AS word FROM passages
),
passage_size AS (
    SELECT source_id, line, count(*) AS n_words FROM passage_words GROUP BY source_id, line
),
passage_pairs AS (
    SELECT a.source_id, a.line AS line_a, b.line AS line_b, count(*) AS shared_words
    FROM passage_words AS a
    JOIN passage_words AS b ON a.source_id = b.source_id AND a.line < b.line AND a.word = b.word
    GROUP BY a.source_id, a.line, b.line
),
repeats AS (
    SELECT pp.source_id, pp.line_a, pp.line_b, pp.shared_words,
           pp.shared_words / (sa.n_words + sb.n_words - pp.shared_words) AS similarity,
           pp.shared_words / least(sa.n_words, sb.n_words) AS containment,
           pa.passage_no AS no_a,
           pb.passage_no - pa.passage_no AS distance
    FROM passage_pairs AS pp
    JOIN passage_size AS sa ON sa.source_id = pp.source_id AND sa.line = pp.line_a
    JOIN passage_size AS sb ON sb.source_id = pp.source_id AND sb.line = pp.line_b
    JOIN passages AS pa ON pa.source_id = pp.source_id AND pa.line = pp.line_a
    JOIN passages AS pb ON pb.source_id = pp.source_id AND pb.line = pp.line_b
),
runs AS (
    -- consecutive passages repeated at the same distance form one run (gaps and islands)
    SELECT *, no_a - row_number() OVER (PARTITION BY source_id, distance ORDER BY no_a) AS run
    FROM repeats
    WHERE similarity >= 0.8
),
within_source AS (
    SELECT
        'within_source' AS kind,
        r.source_id AS source_id_a,
        r.source_id AS source_id_b,
        min(r.line_a) AS line_a_first,
        max(r.line_a) AS line_a_last,
        min(r.line_b) AS line_b_first,
        max(r.line_b) AS line_b_last,
        count(*) AS n_passages,
        round(min(r.similarity), 3) AS similarity,
        round(min(r.containment), 3) AS containment,
        CAST(sum(r.shared_words) AS BIGINT) AS shared_words,
        false AS declared_copy,
        true AS found_in_text,
        left(arg_min(p.passage, r.line_a), 60) AS excerpt
    FROM runs AS r
    JOIN passages AS p ON p.source_id = r.source_id AND p.line = r.line_a
    GROUP BY r.source_id, r.distance, r.run
)
SELECT * FROM between_sources
UNION ALL
SELECT * FROM within_source
ORDER BY kind, source_id_a, source_id_b, line_a_first NULLS FIRST;
