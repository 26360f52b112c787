-- One row per pair of independent bodies whose latest whole-event figures (counter_latest) for the
-- same event, measure and comparable scope, over overlapping periods, do not overlap: a's upper bound
-- lies below b's lower bound (a is the lower).
--
-- Only independent bodies are compared (figure_detail.body_key): a body's own update is never a
-- discrepancy (its later figure supersedes its earlier one in counter_latest), nor are two offices of
-- one government. Only one comparable scope: a count of civilians is never compared with a total of
-- all victims, a count of mostly civilians or a count of Alawite civilians (victim_groups.scope). Only
-- overlapping periods: figures that cover days that do not meet count different killings. A part is
-- never compared with its total, a relay never with what it relays (they are not in counter_latest),
-- and a verified minimum or a count its author calls an undercount is never the lower of a pair (it
-- says the toll is at least that; a higher count agrees with it).
-- kind says what the gap can be: 'timing' when the lower count is dated before the higher one and its
-- counter does not call it final (a tally grows: an older count can be lower because it is older);
-- 'disagreement' otherwise (the lower count is as recent or more recent, either is undated, or the
-- lower is final). gap is b.low minus a.high. An empty bound is unknown or unbounded, so a pair with
-- one never counts as disjoint on that side. A round number's interval reflects its rounding ('about
-- 1,400' is 1,300 to 1,500), so it does not disagree with a precise count inside it.
-- same_period says whether they cover the same dates. as_of_gap_days is b's as-of date minus a's
-- (empty when either is undated). credible is true when both figures come from sources whose grade
-- corroborates (reliability_grades.corroborates): a disagreement between credible bodies makes the
-- range contested (event_ranges.corroboration). what_differs lists, in neutral words, what sets them
-- apart.
-- The rows are computed once, when the database is built, into the table discrepancies_found (from
-- discrepancies_known, over counter_latest), which the view reads: a query never recomputes them.
-- discrepancies_known(cutoffs) gives the same pairs among the figures known on each cutoff's day.
--
-- Columns:
--   event_id          figures.event_id
--   event_name        events.name nullable
--   group_key         string required
--   measure           figures.measure
--   scope             victim_groups.scope
--   kind              string required in ('timing', 'disagreement')
--   body_key_a        string required
--   body_a            string required
--   counter_key_a     string required
--   counter_a         string required
--   figure_id_a       figures.figure_id
--   source_id_a       figures.source_id
--   evidence_a        figures.evidence
--   reliability_a     reliability_grades.grade in reliability_grades.grade
--   range_label_a     string required
--   low_a             figures.low
--   high_a            figures.high required
--   as_of_a           figures.as_of
--   count_kind_a      figures.count_kind
--   count_status_a    figures.count_status
--   victim_group_a    figures.victim_group
--   body_key_b        string required
--   body_b            string required
--   counter_key_b     string required
--   counter_b         string required
--   figure_id_b       figures.figure_id
--   source_id_b       figures.source_id
--   evidence_b        figures.evidence
--   reliability_b     reliability_grades.grade in reliability_grades.grade
--   range_label_b     string required
--   low_b             figures.low required
--   high_b            figures.high
--   as_of_b           figures.as_of
--   count_kind_b      figures.count_kind
--   count_status_b    figures.count_status
--   victim_group_b    figures.victim_group
--   gap               integer required >= 1
--   credible          boolean required
--   same_period       boolean required
--   as_of_gap_days    integer
--   what_differs      string required
-- Key: group_key, measure, scope, body_key_a, body_key_b
-- Check: high_a < low_b AND gap = low_b - high_a
-- Check: low_a <= high_a AND low_b <= high_b
-- Check: body_key_a <> body_key_b
-- Check: count_kind_a <> 'verified_minimum' AND count_status_a <> 'known_undercount'
-- Check: (kind = 'timing') = coalesce(as_of_a < as_of_b AND count_status_a <> 'final', false)
-- Check: as_of_gap_days = date_diff('day', as_of_a, as_of_b)
-- Reads: counter_latest
CREATE OR REPLACE MACRO discrepancies_known(cutoffs) AS TABLE
WITH latest AS MATERIALIZED (SELECT * FROM latest_known(cutoffs))
SELECT
    a.known_on,
    a.event_id,
    a.event_name,
    a.group_key,
    a.measure,
    a.victim_group AS scope,
    CASE WHEN a.as_of < b.as_of AND a.count_status <> 'final' THEN 'timing' ELSE 'disagreement' END AS kind,
    a.body_key AS body_key_a,
    a.body_name AS body_a,
    a.counter_key AS counter_key_a,
    a.counter_name AS counter_a,
    a.figure_id AS figure_id_a,
    a.source_id AS source_id_a,
    a.evidence AS evidence_a,
    a.reliability AS reliability_a,
    a.range_label AS range_label_a,
    a.low AS low_a,
    a.high AS high_a,
    a.as_of AS as_of_a,
    a.count_kind AS count_kind_a,
    a.count_status AS count_status_a,
    a.figure_victim_group AS victim_group_a,
    b.body_key AS body_key_b,
    b.body_name AS body_b,
    b.counter_key AS counter_key_b,
    b.counter_name AS counter_b,
    b.figure_id AS figure_id_b,
    b.source_id AS source_id_b,
    b.evidence AS evidence_b,
    b.reliability AS reliability_b,
    b.range_label AS range_label_b,
    b.low AS low_b,
    b.high AS high_b,
    b.as_of AS as_of_b,
    b.count_kind AS count_kind_b,
    b.count_status AS count_status_b,
    b.figure_victim_group AS victim_group_b,
    b.low - a.high AS gap,
    a.corroborates AND b.corroborates AS credible,
    a.date_start = b.date_start AND a.date_end = b.date_end AS same_period,
    b.as_of - a.as_of AS as_of_gap_days,
    concat_ws('; ',
        'body',
        CASE WHEN a.count_kind <> b.count_kind THEN 'kind of count' END,
        CASE WHEN a.as_of IS DISTINCT FROM b.as_of THEN 'as-of date' END,
        CASE WHEN a.date_start <> b.date_start OR a.date_end <> b.date_end THEN 'period' END
    ) AS what_differs
FROM latest AS a
JOIN latest AS b
    ON a.known_on IS NOT DISTINCT FROM b.known_on
    AND a.group_key = b.group_key
    AND a.measure = b.measure
    AND a.victim_group = b.victim_group
    AND a.body_key <> b.body_key
    AND a.high < b.low
    AND a.date_start <= b.date_end AND b.date_start <= a.date_end
    -- a count its author calls a minimum is expected to lie below the others: not a disagreement
    AND NOT a.is_minimum;

CREATE OR REPLACE TABLE discrepancies_found AS
SELECT * EXCLUDE (known_on)
FROM discrepancies_known([{'group_key': NULL::VARCHAR, 'known_on': NULL::DATE}]);  -- unordered: the view orders the rows

CREATE OR REPLACE VIEW discrepancies AS
SELECT * FROM discrepancies_found
ORDER BY event_id, measure, scope, figure_id_a, figure_id_b;
