-- One row per event, measure, comparable scope and independent body: the body's latest whole-event
-- figure, how many updates came before it, and the earliest figure of its series.
--
-- A body's series is the original figures (figure_detail.is_original: not a copy, not a relay) of all
-- the counters that speak for it (figure_detail.body_key: a ministry, the state news agency and a
-- governorate's office of one government are one series) for the event, measure and scope that count
-- the whole event (coverage 'whole_event'; parts never stand for the event). Copies and relays count
-- once with the figure they repeat (their sources are listed in relayed_by). A body's later figure
-- supersedes its earlier ones: an earlier figure, preliminary or not, is never its latest.
--
-- The latest figure is chosen among the dated figures (as_of): a figure with no as-of date is never
-- the latest while the series has a dated one, and is counted in n_undated instead. A series with no
-- dated figure takes its last reported one (by reported_on, a publication date), and latest_basis says
-- so: 'as_of' or 'undated: <reported_on_basis>' ('undated: no date known' when the source has no
-- publication date either).
-- Same day: figures of one body with one as_of come from different pages (one page gives one count
-- per counter, scope and day: validation, tie-same-page), and are ordered by a stated rule: a count its
-- counter calls preliminary comes before one it does not; then the lower count before the higher (the
-- lower lower bound, then the lower upper bound: a toll of one day is read as growing through the day);
-- then the page published earlier (published_latest) before the later one; then figure_id. The latest
-- is the last in that order, the earliest (earliest_*) the first. Undated figures follow the dated
-- ones, in the same order after reported_on.
-- n_updates counts the dated figures of the series before the latest (in that order, so a figure of
-- the same day counts); n_figures all of them.
-- counter_key, counter_id and counter_name are the counter (the office) whose figure is the latest.
-- reliability is the grade of the latest figure's source (figure_detail.reliability); corroborates
-- whether it counts toward corroboration.
-- is_minimum: a verified minimum or a count its author calls an undercount (it bounds the toll from
-- below only). overtaken: the latest figure is one its counter calls preliminary, dated before another
-- body's latest figure of the same scope (not a minimum): a first count that later counts of others
-- have overtaken. in_range: neither: the figure is one of those event_ranges spans.
-- The rows are computed once, when the database is built, into the table counter_latest_found (from
-- latest_known, over figure_detail_found), which the view reads: a query never recomputes them.
-- latest_known(cutoffs) gives the same rows for the figures known on each cutoff's day (known_on;
-- see figure_detail's figures_known): the bodies' latest figures as they stood that day.
--
-- Columns:
--   event_id              figures.event_id
--   event_name            events.name nullable
--   group_key             string required
--   measure               figures.measure
--   victim_group          victim_groups.scope
--   scope_within          victim_groups.within
--   body_key              string required
--   body_name             string required
--   counter_key           string required
--   counter_id            figures.counted_by
--   counter_name          string required
--   figure_id             figures.figure_id
--   source_id             figures.source_id
--   evidence              figures.evidence
--   source_url            sources.url
--   reliability           reliability_grades.grade in reliability_grades.grade
--   corroborates          boolean required
--   number_text           figures.number_text
--   range_label           string required
--   stated_label          string required
--   low                   figures.low
--   stated_number         figures.stated_number
--   high                  figures.high
--   figure_victim_group   figures.victim_group
--   victim_status         victim_groups.status
--   victim_identity       victim_groups.identity
--   count_kind            figures.count_kind
--   count_status          figures.count_status
--   is_minimum            boolean required
--   overtaken             boolean required
--   in_range              boolean required
--   as_of                 figures.as_of
--   as_of_basis           figures.as_of_basis
--   reported_on           date
--   reported_on_basis     string in ('as_of', 'published_latest', 'published_earliest')
--   latest_basis          string required
--   date_start            figures.date_start
--   date_end              figures.date_end
--   n_updates             integer required >= 0
--   n_figures             integer required >= 1
--   n_undated             integer required >= 0
--   relayed_by            string
--   earliest_figure_id    figures.figure_id
--   earliest_range_label  string required
--   earliest_as_of        figures.as_of
--   earliest_source_id    figures.source_id
-- Key: group_key, measure, victim_group, body_key
-- Check: low <= high
-- Check: is_minimum = (count_kind = 'verified_minimum' OR count_status = 'known_undercount')
-- Check: in_range = (NOT is_minimum AND NOT overtaken)
-- Check: NOT overtaken OR count_status = 'preliminary'
-- Check: n_updates + n_undated = n_figures - 1
-- Check: as_of IS NOT NULL OR n_updates = 0
-- Check: (latest_basis = 'as_of') = (as_of IS NOT NULL)
-- Check: latest_basis = 'as_of' OR starts_with(latest_basis, 'undated: ')
-- Check: earliest_as_of <= as_of
-- Reads: figure_detail
CREATE OR REPLACE MACRO latest_known(cutoffs) AS TABLE
WITH series AS MATERIALIZED (
    SELECT
        d.*,
        row_number() OVER (
            PARTITION BY d.known_on, d.group_key, d.measure, d.scope, d.body_key
            ORDER BY d.as_of IS NULL, d.as_of DESC, d.reported_on DESC NULLS LAST,
                     coalesce(d.count_status = 'preliminary', false), d.low DESC NULLS LAST,
                     d.high DESC NULLS FIRST, d.published_latest DESC NULLS LAST, d.figure_id DESC
        ) AS recency,
        row_number() OVER (
            PARTITION BY d.known_on, d.group_key, d.measure, d.scope, d.body_key
            ORDER BY d.as_of IS NULL, d.as_of, d.reported_on NULLS LAST,
                     NOT coalesce(d.count_status = 'preliminary', false), d.low NULLS FIRST,
                     d.high NULLS LAST, d.published_latest NULLS FIRST, d.figure_id
        ) AS seniority
    FROM figures_known(cutoffs) AS d
    WHERE d.is_original AND d.coverage = 'whole_event'
),
summary AS (
    SELECT
        known_on, group_key, measure, scope, body_key,
        count(*) AS n_figures,
        count(*) FILTER (WHERE as_of IS NULL) AS n_undated,
        -- the dated figures before the latest in the stated order (same-day ones included)
        greatest(count(*) FILTER (WHERE as_of IS NOT NULL) - 1, 0) AS n_updates
    FROM series
    GROUP BY known_on, group_key, measure, scope, body_key
),
latest AS (
    SELECT
        l.*,
        l.count_kind = 'verified_minimum' OR l.count_status = 'known_undercount' AS is_minimum
    FROM series AS l
    WHERE l.recency = 1
),
judged AS (
    SELECT
        l.*,
        coalesce(l.count_status = 'preliminary'
                 AND l.as_of < max(l.as_of) FILTER (WHERE NOT l.is_minimum) OVER (
                     PARTITION BY l.known_on, l.group_key, l.measure, l.scope), false) AS overtaken
    FROM latest AS l
)
SELECT
    l.known_on,
    l.event_id,
    l.event_name,
    l.group_key,
    l.measure,
    l.scope AS victim_group,
    l.scope_within,
    l.body_key,
    l.body_name,
    l.counter_key,
    l.counted_by AS counter_id,
    l.origin_counter_name AS counter_name,
    l.figure_id,
    l.source_id,
    l.evidence,
    l.source_url,
    l.reliability,
    l.corroborates,
    l.number_text,
    l.range_label,
    l.stated_label,
    l.low,
    l.stated_number,
    l.high,
    l.victim_group AS figure_victim_group,
    l.victim_status,
    l.victim_identity,
    l.count_kind,
    l.count_status,
    l.is_minimum,
    l.overtaken,
    NOT l.is_minimum AND NOT l.overtaken AS in_range,
    l.as_of,
    l.as_of_basis,
    l.reported_on,
    l.reported_on_basis,
    CASE WHEN l.as_of IS NOT NULL THEN 'as_of'
         ELSE 'undated: ' || coalesce(l.reported_on_basis, 'no date known') END AS latest_basis,
    l.date_start,
    l.date_end,
    s.n_updates,
    s.n_figures,
    s.n_undated - CASE WHEN l.as_of IS NULL THEN 1 ELSE 0 END AS n_undated,
    l.relayed_by,
    e.figure_id AS earliest_figure_id,
    e.range_label AS earliest_range_label,
    e.as_of AS earliest_as_of,
    e.source_id AS earliest_source_id
FROM judged AS l
JOIN summary AS s
    ON s.known_on IS NOT DISTINCT FROM l.known_on AND s.group_key = l.group_key AND s.measure = l.measure
    AND s.scope = l.scope AND s.body_key = l.body_key
JOIN series AS e
    ON e.known_on IS NOT DISTINCT FROM l.known_on AND e.group_key = l.group_key AND e.measure = l.measure
    AND e.scope = l.scope AND e.body_key = l.body_key AND e.seniority = 1;

CREATE OR REPLACE TABLE counter_latest_found AS
SELECT * EXCLUDE (known_on)
FROM latest_known([{'group_key': NULL::VARCHAR, 'known_on': NULL::DATE}]);  -- unordered: the view orders the rows

CREATE OR REPLACE VIEW counter_latest AS
SELECT * FROM counter_latest_found
ORDER BY group_key, measure, victim_group, body_key;
