-- One row per original figure (not a copy, not a relay) of an event, in one series per independent
-- body (body_key: the offices of one government are one series; counter_id is the figure's own
-- counter) and comparable scope: how one body's toll moved as it updated it. Steps are the body's dated
-- whole-event figures, in the order counter_latest states (as_of; the same day: a preliminary count
-- first, then the lower count, then the page published earlier, then figure_id); step counts from 1
-- within the event, measure, body and scope (a body's civilians and its total of all victims are two
-- series, never one toll 'growing' from one to the other).
--
-- A figure that cannot be placed on the dated axis is listed apart, with step empty and
-- listed_apart saying why: 'undated' (no as-of date: it is never put at the end of a month as if
-- it were the latest) or 'part of a total' (a province, one day, the civilians inside a total:
-- not the body's toll for the event). Figures of different bodies are never compared here;
-- discrepancies compares bodies.
-- Each step is compared with the step before it in the same series: change_low and change_high are
-- the differences of the bounds (empty when either bound is empty: unknown or unbounded, never
-- zero). scope_changed is true when the victim group differs from the previous step's within the
-- scope, coverage_changed when the period covered differs (date_start or date_end). change says it in
-- words: 'same as before', 'from X to Y', and 'victim group changed (a -> b): from X to Y' or 'period
-- changed: ...'. is_latest marks the step counter_latest takes for the event, measure and scope.
-- The toll as known that day: range_then, corroboration_then and headline_then are the event's
-- range_label, corroboration_label and headline_label for the step's scope as they stood on the step's
-- as-of day, from the figures published by then (ranges_known, the SQL of ranges_as_of).
-- The rows are computed once, when the database is built, into the table toll_timeline_found (from
-- figure_detail_found, counter_latest_found and ranges_known), which the view reads: a query never
-- recomputes them.
--
-- Columns:
--   event_id              figures.event_id required
--   event_name            events.name
--   measure               figures.measure
--   body_key              string required
--   body_name             string required
--   counter_key           string required
--   counter_id            figures.counted_by
--   counter_name          string required
--   step                  integer >= 1
--   listed_apart          string in ('undated', 'part of a total')
--   as_of                 figures.as_of
--   as_of_basis           figures.as_of_basis
--   reported_on           date
--   reported_on_basis     string in ('as_of', 'published_latest', 'published_earliest')
--   figure_id             figures.figure_id
--   source_id             figures.source_id
--   evidence              figures.evidence
--   source_url            sources.url
--   scope                 victim_groups.scope
--   victim_group          figures.victim_group
--   coverage              figures.coverage
--   date_start            figures.date_start
--   date_end              figures.date_end
--   number_text           figures.number_text
--   range_label           string required
--   low                   figures.low
--   stated_number         figures.stated_number
--   high                  figures.high
--   count_kind            figures.count_kind
--   count_status          figures.count_status
--   relayed_by            string
--   previous_figure_id    figures.figure_id nullable
--   previous_range_label  string
--   previous_as_of        figures.as_of
--   scope_changed         boolean required
--   coverage_changed      boolean required
--   change_low            integer
--   change_high           integer
--   change                string
--   is_latest             boolean required
--   range_then            string
--   corroboration_then    string
--   headline_then         string
-- Key: figure_id
-- Check: low <= high
-- Check: (step IS NULL) = (listed_apart IS NOT NULL)
-- Check: (coalesce(listed_apart, '') = 'undated') = (as_of IS NULL AND coverage = 'whole_event')
-- Check: (coverage <> 'whole_event') = (coalesce(listed_apart, '') = 'part of a total')
-- Check: (previous_figure_id IS NULL) = (step IS NULL OR step = 1) AND (change IS NULL) = (previous_figure_id IS NULL)
-- Check: previous_as_of <= as_of
-- Check: (step IS NULL) = (range_then IS NULL) AND (range_then IS NULL) = (corroboration_then IS NULL)
-- Check: NOT is_latest OR (coverage = 'whole_event' AND (step IS NOT NULL OR as_of IS NULL))
-- Reads: figure_detail, counter_latest, event_ranges
CREATE OR REPLACE TABLE toll_timeline_found AS
WITH series AS (
    SELECT
        d.*,
        CASE
            WHEN d.coverage <> 'whole_event' THEN 'part of a total'
            WHEN d.as_of IS NULL THEN 'undated'
        END AS listed_apart
    FROM figure_detail_found AS d
    WHERE d.event_id IS NOT NULL AND d.is_original
),
steps AS (
    SELECT
        s.*,
        row_number() OVER w AS step,
        lag(s.figure_id) OVER w AS previous_figure_id,
        lag(s.range_label) OVER w AS previous_range_label,
        lag(s.as_of) OVER w AS previous_as_of,
        lag(s.victim_group) OVER w AS previous_victim_group,
        lag(s.date_start) OVER w AS previous_date_start,
        lag(s.date_end) OVER w AS previous_date_end,
        lag(s.low) OVER w AS previous_low,
        lag(s.high) OVER w AS previous_high
    FROM series AS s
    WHERE s.listed_apart IS NULL
    WINDOW w AS (PARTITION BY s.event_id, s.measure, s.body_key, s.scope
                 ORDER BY s.as_of, NOT coalesce(s.count_status = 'preliminary', false), s.low NULLS FIRST,
                          s.high NULLS LAST, s.published_latest NULLS FIRST, s.figure_id)
),
placed AS (
    SELECT * FROM steps
    UNION ALL BY NAME
    SELECT * FROM series WHERE listed_apart IS NOT NULL
),
known_then AS (
    -- the ranges as they stood on each day a step is dated, for that step's event only
    SELECT group_key, known_on, measure, victim_group AS scope, range_label, corroboration_label, headline_label
    FROM ranges_known((
        SELECT coalesce(list({'group_key': group_key, 'known_on': as_of}), [])
        FROM (SELECT DISTINCT group_key, as_of FROM steps)
    ))
)
SELECT
    p.event_id,
    p.event_name,
    p.measure,
    p.body_key,
    p.body_name,
    p.counter_key,
    p.counted_by AS counter_id,
    p.origin_counter_name AS counter_name,
    p.step,
    p.listed_apart,
    p.as_of,
    p.as_of_basis,
    p.reported_on,
    p.reported_on_basis,
    p.figure_id,
    p.source_id,
    p.evidence,
    p.source_url,
    p.scope,
    p.victim_group,
    p.coverage,
    p.date_start,
    p.date_end,
    p.number_text,
    p.range_label,
    p.low,
    p.stated_number,
    p.high,
    p.count_kind,
    p.count_status,
    p.relayed_by,
    p.previous_figure_id,
    p.previous_range_label,
    p.previous_as_of,
    p.victim_group IS DISTINCT FROM p.previous_victim_group AND p.previous_figure_id IS NOT NULL AS scope_changed,
    (p.date_start IS DISTINCT FROM p.previous_date_start OR p.date_end IS DISTINCT FROM p.previous_date_end)
        AND p.previous_figure_id IS NOT NULL AS coverage_changed,
    p.low - p.previous_low AS change_low,
    p.high - p.previous_high AS change_high,
    CASE
        WHEN p.previous_figure_id IS NULL THEN NULL
        ELSE concat_ws(': ',
                 nullif(concat_ws('; ',
                     CASE WHEN p.victim_group <> p.previous_victim_group
                          THEN 'victim group changed (' || p.previous_victim_group || ' -> ' || p.victim_group || ')'
                     END,
                     CASE WHEN p.date_start IS DISTINCT FROM p.previous_date_start
                               OR p.date_end IS DISTINCT FROM p.previous_date_end
                          THEN 'period changed (' || p.previous_date_start || '..' || p.previous_date_end || ' -> '
                               || p.date_start || '..' || p.date_end || ')'
                     END), ''),
                 CASE WHEN p.range_label = p.previous_range_label THEN 'same as before'
                      ELSE 'from ' || p.previous_range_label || ' to ' || p.range_label END)
    END AS change,
    p.figure_id IN (SELECT figure_id FROM counter_latest_found) AS is_latest,
    k.range_label AS range_then,
    k.corroboration_label AS corroboration_then,
    k.headline_label AS headline_then
FROM placed AS p
LEFT JOIN known_then AS k
    ON k.group_key = p.group_key AND k.known_on = p.as_of AND k.measure = p.measure AND k.scope = p.scope
    AND p.step IS NOT NULL;  -- unordered: the view orders the rows

CREATE OR REPLACE VIEW toll_timeline AS
SELECT * FROM toll_timeline_found
ORDER BY event_id, measure, body_key, scope, step NULLS LAST, reported_on, figure_id;
