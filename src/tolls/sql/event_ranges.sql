-- One row per event, measure and victim scope (victim_groups.scope): the range of the figures
-- that the sources report for it. victim_group holds the scope; victim_groups lists the finer
-- groups the figures name.
--
-- n_independent counts distinct figure_detail.count_key: a copy or rewrite of another source and a
-- passage repeated inside one text count once, and so do figures traced to the same counter and
-- as-of date. A figure with no as-of date counts with the same counter's other undated figures:
-- the package cannot tell them apart, and successive updates of one counter are not independent
-- counts (SOHR's "over 740" and "has risen to 745" are one). n_independent_sources counts sources
-- after following copy_of_source_id to the original.
-- low is the lowest lower bound and high the highest upper bound. An empty bound is unknown or
-- unbounded, never zero: low is empty when any figure has no lower bound, high is empty when any
-- figure has no upper bound ("more than 740"). high_bounded is the highest upper bound among the
-- figures that have one; n_unbounded counts the figures without one.
-- first_reported and last_reported span figure_detail.reported_on.
-- stated_range runs from the stated_label of the figure with the lowest lower bound to that of the
-- figure reaching highest (its upper bound, else its point value, else its lower bound); range_label
-- is stated_range, then how many independent counts stand behind it.
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
        AS stated_range,
    CASE WHEN lower_label = upper_label THEN lower_label ELSE lower_label || ' to ' || upper_label END
        || ', from ' || n_independent
        || CASE WHEN n_independent = 1 THEN ' independent count' ELSE ' independent counts' END
        AS range_label
FROM grouped
ORDER BY event_date_start NULLS LAST, event_id NULLS LAST, event_name, measure, victim_group;
