-- One row per event, measure, victim scope and independent counter: the counter's latest
-- whole-event figure, how many updates came before it, and the earliest figure of its series.
--
-- A counter's series is its original figures (figure_detail.is_original: not a copy, not a relay)
-- for the event, measure and scope that count the whole event (coverage 'whole_event'; parts never
-- stand for the event). Copies and relays count once with the figure they repeat (their sources are
-- listed in relayed_by). counter_key is figure_detail's: every update of one counter is one counter.
--
-- The latest figure is the one with the latest as_of. A figure with no as-of date is never taken as
-- the latest while the series has a dated figure: it is counted in n_undated instead. A series with
-- no dated figure takes its last reported one (by reported_on, a publication date), and latest_basis
-- says so: 'as_of' or 'undated: <reported_on_basis>' ('undated: no date known' when the source has
-- no publication date either). Ties are broken by the higher lower bound, then
-- figure_id. n_updates counts the dated figures of the series before the latest; n_figures all of
-- them. earliest_* is the first figure of the series by as_of (undated ones last).
-- The rows are computed once, when the database is built, into the table counter_latest_found (from
-- figure_detail_found), which the view reads: a query never recomputes them.
CREATE OR REPLACE TABLE counter_latest_found AS
WITH series AS (
    SELECT
        d.*,
        row_number() OVER (
            PARTITION BY d.group_key, d.measure, d.scope, d.counter_key
            ORDER BY d.as_of IS NULL, d.as_of DESC, d.reported_on DESC NULLS LAST, d.low DESC NULLS LAST,
                     d.figure_id DESC
        ) AS recency,
        row_number() OVER (
            PARTITION BY d.group_key, d.measure, d.scope, d.counter_key
            ORDER BY d.as_of IS NULL, d.as_of, d.reported_on NULLS LAST, d.low NULLS LAST, d.figure_id
        ) AS seniority,
        max(d.as_of) OVER (PARTITION BY d.group_key, d.measure, d.scope, d.counter_key) AS series_last_as_of
    FROM figure_detail_found AS d
    WHERE d.is_original AND d.coverage = 'whole_event'
),
summary AS (
    SELECT
        group_key, measure, scope, counter_key,
        count(*) AS n_figures,
        count(*) FILTER (WHERE as_of IS NULL) AS n_undated,
        count(*) FILTER (WHERE as_of < series_last_as_of) AS n_updates
    FROM series
    GROUP BY group_key, measure, scope, counter_key
)
SELECT
    l.event_id,
    l.event_name,
    l.group_key,
    l.measure,
    l.scope AS victim_group,
    l.counter_key,
    l.counted_by AS counter_id,
    l.origin_counter_name AS counter_name,
    l.figure_id,
    l.source_id,
    l.evidence,
    l.source_url,
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
FROM series AS l
JOIN summary AS s
    ON s.group_key = l.group_key AND s.measure = l.measure AND s.scope = l.scope AND s.counter_key = l.counter_key
JOIN series AS e
    ON e.group_key = l.group_key AND e.measure = l.measure AND e.scope = l.scope AND e.counter_key = l.counter_key
    AND e.seniority = 1
WHERE l.recency = 1;  -- unordered: the view orders the rows

CREATE OR REPLACE VIEW counter_latest AS
SELECT * FROM counter_latest_found
ORDER BY group_key, measure, victim_group, counter_key;
