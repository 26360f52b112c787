-- One row per pair of independent counters whose latest whole-event figures (counter_latest) for
-- the same event, measure and victim scope do not overlap: a's upper bound lies below b's lower
-- bound (a is the lower). A counter is never compared with itself or its own earlier updates, a
-- part never with its total, a relay never with what it relays (they are not in counter_latest),
-- and a verified minimum or a count its author calls an undercount is never the lower of a pair
-- (it says the toll is at least that; a higher count agrees with it).
-- gap is b.low minus a.high. An empty bound is unknown or unbounded, so a pair with one never counts
-- as disjoint on that side. A round number's interval reflects its rounding ('about 1,400' is
-- 1,300 to 1,500), so it does not disagree with a precise count inside it.
-- nested is true when the two count different victim groups within the scope ('Alawite civilians'
-- and 'civilians'): the pair is flagged, not left out. same_period says whether they cover the
-- same dates. as_of_gap_days is b's as-of date minus a's (empty when either is undated): a count
-- weeks older can be lower because it is older. what_differs lists, in neutral words, what sets
-- them apart.
-- The rows are computed once, when the database is built, into the table discrepancies_found (from
-- counter_latest_found), which the view reads: a query never recomputes them.
CREATE OR REPLACE TABLE discrepancies_found AS
SELECT
    a.event_id,
    a.event_name,
    a.measure,
    a.victim_group AS scope,
    a.counter_key AS counter_key_a,
    a.counter_name AS counter_a,
    a.figure_id AS figure_id_a,
    a.source_id AS source_id_a,
    a.evidence AS evidence_a,
    a.range_label AS range_label_a,
    a.low AS low_a,
    a.high AS high_a,
    a.as_of AS as_of_a,
    a.count_kind AS count_kind_a,
    a.figure_victim_group AS victim_group_a,
    b.counter_key AS counter_key_b,
    b.counter_name AS counter_b,
    b.figure_id AS figure_id_b,
    b.source_id AS source_id_b,
    b.evidence AS evidence_b,
    b.range_label AS range_label_b,
    b.low AS low_b,
    b.high AS high_b,
    b.as_of AS as_of_b,
    b.count_kind AS count_kind_b,
    b.figure_victim_group AS victim_group_b,
    b.low - a.high AS gap,
    a.figure_victim_group <> b.figure_victim_group AS nested,
    a.date_start = b.date_start AND a.date_end = b.date_end AS same_period,
    b.as_of - a.as_of AS as_of_gap_days,
    concat_ws('; ',
        'counter',
        CASE WHEN a.figure_victim_group <> b.figure_victim_group THEN 'victim group (nested)' END,
        CASE WHEN a.count_kind <> b.count_kind THEN 'kind of count' END,
        CASE WHEN a.as_of IS DISTINCT FROM b.as_of THEN 'as-of date' END,
        CASE WHEN a.date_start <> b.date_start OR a.date_end <> b.date_end THEN 'period' END
    ) AS what_differs
FROM counter_latest_found AS a
JOIN counter_latest_found AS b
    ON a.group_key = b.group_key
    AND a.measure = b.measure
    AND a.victim_group = b.victim_group
    AND a.counter_key <> b.counter_key
    AND a.high < b.low
    -- a count its author calls a minimum is expected to lie below the others: not a disagreement
    AND NOT (a.count_kind = 'verified_minimum' OR a.count_status = 'known_undercount');  -- unordered: the view orders the rows

CREATE OR REPLACE VIEW discrepancies AS
SELECT * FROM discrepancies_found
ORDER BY event_id, measure, scope, figure_id_a, figure_id_b;
