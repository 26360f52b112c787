-- One row per event, measure and victim scope (victim_groups.scope): the range of the independent
-- counters' latest whole-event figures (counter_latest), beside the range of everything ever
-- reported. victim_group holds the scope; victim_groups lists the finer groups of its figures.
--
-- low and high span the counters' latest figures only: not every update of one counter, not a part
-- of a total (a province, one day, some of the victims), not a copy or a relay (each counts once with
-- what it repeats), and not a verified minimum or a count its author calls an undercount (count_kind
-- verified_minimum, count_status known_undercount): such a figure bounds the toll from below only and
-- is listed in minimums_label (n_minimums) instead of pulling the range down. An empty bound is unknown or unbounded, never zero: low is empty when a
-- latest figure has no lower bound, high is empty when one has no upper bound ('more than 740');
-- high_bounded is the highest upper bound among those that have one. n_independent counts the
-- independent counters (figure_detail.counter_key); n_figures and n_sources count every figure and
-- source of the group, parts and relays included; n_independent_sources the sources after following
-- copy_of_source_id to the original text.
-- stated_range runs from the latest figure stating the lowest number to the one stating the highest
-- (stated_number, else its bounds), each with its counter ('about 1,400 (UN
-- Commission of Inquiry) to more than 1,500 (SOHR)'); range_label adds how many independent counters
-- stand behind it. evidence says whether those latest figures are quoted (checked against a text in
-- the package), cited (from a page the package cites by URL, not checked), or both. low_all, high_all
-- and all_label do the same over every original whole-event figure ever reported (every update of every
-- counter; copies and relays are retellings of those), so that early low counts stay visible.
-- n_parts counts the figures that are parts of the event (never in the range); n_unnumbered the
-- harms the texts report for it without a number (unnumbered_harms): when either is above zero, the
-- range is not all the harm the sources report.
-- One number per event, by a stated rule: headline_* is the counters' latest figure with the highest
-- lower bound (party claims left out; ties: the later as-of date, then figure_id): the most that one
-- independent counter's latest count supports as a minimum. headline_low is that lower bound,
-- headline_label the figure, its counter and as-of date. It is one figure, never a sum of figures.
-- A group with parts only has no range and no headline.
-- Figures with no event are not pooled: each (with its copies and relays) has its own row, with
-- event_id empty and event_name 'no event (figure <id>)'.
-- The rows are computed once, when the database is built, into the table event_ranges_found (from
-- figure_detail_found and counter_latest_found), which the view reads: a query never recomputes them.
CREATE OR REPLACE TABLE event_ranges_found AS
WITH groups AS (
    SELECT
        group_key,
        any_value(event_id) AS event_id,
        coalesce(any_value(event_name), 'no event (figure ' || min(origin_figure_id) || ')') AS event_name,
        min(event_date_start) AS event_date_start,
        measure,
        scope,
        list(DISTINCT victim_group ORDER BY victim_group) AS victim_groups,
        count(*) AS n_figures,
        count(DISTINCT source_id) AS n_sources,
        count(DISTINCT root_source_id) AS n_independent_sources,
        count(*) FILTER (WHERE coverage <> 'whole_event') AS n_parts,
        CASE WHEN bool_and(low IS NOT NULL) FILTER (WHERE coverage = 'whole_event' AND is_original)
             THEN min(low) FILTER (WHERE coverage = 'whole_event' AND is_original) END AS low_all,
        CASE WHEN bool_and(high IS NOT NULL) FILTER (WHERE coverage = 'whole_event' AND is_original)
             THEN max(high) FILTER (WHERE coverage = 'whole_event' AND is_original) END AS high_all,
        list(stated_label || ' (' || origin_counter_name || ')'
             ORDER BY coalesce(stated_number, low) ASC NULLS FIRST, low ASC NULLS FIRST, figure_id)
            FILTER (WHERE coverage = 'whole_event' AND is_original)[1] AS lower_all,
        list(stated_label || ' (' || origin_counter_name || ')'
             ORDER BY coalesce(stated_number, high, low) DESC NULLS LAST, high DESC NULLS FIRST, figure_id)
            FILTER (WHERE coverage = 'whole_event' AND is_original)[1] AS upper_all,
        min(reported_on) AS first_reported,
        max(reported_on) AS last_reported,
        list(figure_id ORDER BY figure_id) AS figure_ids
    FROM figure_detail_found
    GROUP BY group_key, measure, scope
),
minimums AS (
    -- a verified minimum, or a count its author calls an undercount, bounds the toll from below only
    SELECT
        group_key,
        measure,
        victim_group AS scope,
        count(*) AS n_minimums,
        string_agg(stated_label || ' (' || counter_name || coalesce(', as of ' || as_of, '') || ')', '; '
                   ORDER BY low DESC NULLS LAST, figure_id) AS minimums_label
    FROM counter_latest_found
    WHERE count_kind = 'verified_minimum' OR count_status = 'known_undercount'
    GROUP BY group_key, measure, victim_group
),
latest AS (
    SELECT
        group_key,
        measure,
        victim_group AS scope,
        count(DISTINCT counter_key) AS n_independent,
        count(DISTINCT source_id) AS n_latest_sources,
        CASE WHEN bool_and(low IS NOT NULL) THEN min(low) END AS low,
        CASE WHEN bool_and(high IS NOT NULL) THEN max(high) END AS high,
        max(high) AS high_bounded,
        count(*) FILTER (WHERE high IS NULL) AS n_unbounded,
        string_agg(DISTINCT counter_name, '; ' ORDER BY counter_name) AS counters,
        string_agg(DISTINCT evidence, ' and ' ORDER BY evidence) AS evidence,
        list(stated_label || ' (' || counter_name || ')'
             ORDER BY coalesce(stated_number, low) ASC NULLS FIRST, low ASC NULLS FIRST, figure_id)[1]
            AS lower_label,
        list(stated_label || ' (' || counter_name || ')'
             ORDER BY coalesce(stated_number, high, low) DESC NULLS LAST, high DESC NULLS FIRST, figure_id)[1]
            AS upper_label,
        list(figure_id ORDER BY low DESC NULLS LAST, as_of DESC NULLS LAST, figure_id)
            FILTER (WHERE count_kind <> 'party_claim' AND low IS NOT NULL)[1] AS headline_figure_id,
        list(figure_id ORDER BY counter_key) AS latest_figure_ids
    FROM counter_latest_found
    WHERE NOT (count_kind = 'verified_minimum' OR count_status = 'known_undercount')
    GROUP BY group_key, measure, victim_group
),
harms AS (
    SELECT coalesce(h.event_id, '') AS group_key, h.measure, vg.scope, count(*) AS n_unnumbered
    FROM unnumbered_harms AS h
    LEFT JOIN victim_groups AS vg ON vg.victim_group = h.victim_group
    GROUP BY 1, 2, 3
)
SELECT
    g.event_id,
    g.event_name,
    g.measure,
    g.scope AS victim_group,
    g.victim_groups,
    g.n_figures,
    g.n_sources,
    coalesce(l.n_independent, 0) AS n_independent,
    g.n_independent_sources,
    l.low,
    l.high,
    l.high_bounded,
    l.n_unbounded,
    l.counters,
    l.evidence,
    CASE WHEN l.lower_label IS NULL THEN NULL
         WHEN l.lower_label = l.upper_label THEN l.lower_label
         ELSE l.lower_label || ' to ' || l.upper_label END AS stated_range,
    CASE WHEN l.lower_label IS NULL AND g.n_parts > 0
             THEN 'no whole-event figure (' || g.n_parts || CASE WHEN g.n_parts = 1 THEN ' part)' ELSE ' parts)' END
         WHEN l.lower_label IS NULL AND m.n_minimums > 0 THEN 'verified minimum only'
         WHEN l.lower_label IS NULL
             THEN 'no count of its own: copies or relays of figures counted under another victim scope'
         ELSE CASE WHEN l.lower_label = l.upper_label THEN l.lower_label
                   ELSE l.lower_label || ' to ' || l.upper_label END
              || ', ' || l.n_independent
              || CASE WHEN l.n_independent = 1 THEN ' independent counter' ELSE ' independent counters' END
    END AS range_label,
    g.low_all,
    g.high_all,
    CASE WHEN g.lower_all = g.upper_all THEN g.lower_all ELSE g.lower_all || ' to ' || g.upper_all END AS all_label,
    coalesce(m.n_minimums, 0) AS n_minimums,
    m.minimums_label,
    g.n_parts,
    coalesce(h.n_unnumbered, 0) AS n_unnumbered,
    hl.figure_id AS headline_figure_id,
    hl.low AS headline_low,
    hl.stated_label || ' (' || hl.counter_name || coalesce(', as of ' || hl.as_of, '') || ')' AS headline_label,
    g.first_reported,
    g.last_reported,
    l.latest_figure_ids,
    g.figure_ids,
    g.event_date_start  -- orders the view, which leaves it out
FROM groups AS g
LEFT JOIN latest AS l ON l.group_key = g.group_key AND l.measure = g.measure AND l.scope = g.scope
LEFT JOIN counter_latest_found AS hl
    ON hl.figure_id = l.headline_figure_id AND hl.group_key = g.group_key AND hl.measure = g.measure
    AND hl.victim_group = g.scope
LEFT JOIN harms AS h ON h.group_key = g.group_key AND h.measure = g.measure AND h.scope = g.scope
LEFT JOIN minimums AS m ON m.group_key = g.group_key AND m.measure = g.measure AND m.scope = g.scope;  -- unordered: the view orders the rows

CREATE OR REPLACE VIEW event_ranges AS
SELECT * EXCLUDE (event_date_start) FROM event_ranges_found
ORDER BY event_date_start NULLS LAST, event_id NULLS LAST, event_name, measure, victim_group;
