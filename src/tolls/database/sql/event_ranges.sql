-- One row per event, measure and comparable scope (victim_groups.scope): the range of the independent
-- bodies' latest whole-event figures (counter_latest), its corroboration grade and one headline
-- figure, beside the range of everything ever reported. victim_group holds the scope.
--
-- low and high span the bodies' latest figures only (counter_latest.in_range): not a body's earlier
-- figures (its later one supersedes them, a preliminary first count included), not a part of a total
-- (a province, one day, some of the victims), not a copy or a relay (each counts once with what it
-- repeats), not a verified minimum or a count its author calls an undercount (count_kind
-- verified_minimum, count_status known_undercount: it bounds the toll from below only and is listed
-- in minimums_label, n_minimums), and not a body's preliminary count that other bodies' later counts
-- have overtaken (counter_latest.overtaken: listed in overtaken_label, n_overtaken). A range spans one
-- comparable scope: a count of mostly civilians, of all victims, or of one identity (Alawite civilians)
-- has its own row, and the rows of the scopes nested within this one (victim_groups.within) are shown
-- beside it in nested_label, never inside it. scope_within is the wider scope this one lies within.
-- An empty bound is unknown or unbounded, never zero: low is empty when a latest figure has no lower
-- bound, high is empty when one has no upper bound ('more than 740'); high_bounded is the highest
-- upper bound among those that have one.
-- n_independent counts the independent bodies in the range (figure_detail.body_key: the offices of
-- one government are one body); bodies names them, counters the counters (offices) whose figures they
-- are. n_figures and n_sources count every figure and source of the group, parts and relays included;
-- n_independent_sources the sources after following copy_of_source_id to the original text.
-- stated_range runs from the latest figure stating the lowest number to the one stating the highest
-- (stated_number, else its bounds), each with its counter ('about 1,400 (UN Commission of Inquiry) to
-- 1,426 (national inquiry)'); range_label adds how many independent bodies stand behind it. evidence
-- says whether those latest figures are quoted (checked against a text in the package), cited (from a
-- page the package cites by URL, not checked), or both.
-- Grades: reliability_label gives the grade of each latest figure's source (reliability_grades, A to F,
-- the Admiralty code's letters), n_credible counts the bodies whose figure comes from a source whose
-- grade corroborates, and corroboration is the outcome corroboration_grades gives for n_independent,
-- n_credible, whether two credible bodies disagree (discrepancies, kind disagreement) and whether two
-- differ only by date (kind timing, n_timing): single_body, corroborated (every two overlap),
-- consistent_in_time (the only gaps are lower counts dated earlier), contested, weak (no credible
-- source) or no_count. corroboration_label
-- says it in words ('corroborated by 2 independent bodies'); ecc_outcome and admiralty_credibility are
-- the Standards for Casualty Recording's outcome and the Admiralty code's number it corresponds to.
-- low_all, high_all and all_label span every original whole-event figure ever reported (every update
-- of every body; copies and relays are retellings of those), so that early low counts stay visible;
-- all_label dates its two ends (as of), so one body's early and late counts do not read as a dispute.
-- n_parts counts the figures that are parts of the event (never in the range); n_unnumbered the harms
-- the texts report for it without a number (unnumbered_harms): when either is above zero, the range is
-- not all the harm the sources report.
-- One number per event, measure and scope, by a stated rule: headline_* is the figure in the range
-- with the highest lower bound, among the figures of credible sources when there is one (party claims
-- left out; ties: the later as-of date, then figure_id): the most that one independent body's latest
-- count supports as a minimum. headline_low is that lower bound, headline_label the figure, its
-- counter and as-of date. It is one figure, never a sum of figures. A group with parts only has no
-- range and no headline.
-- Figures with no event are not pooled: each (with its copies and relays) has its own row, with
-- event_id empty and event_name 'no event (figure <id>)'.
-- The rows are computed once, when the database is built, into the table event_ranges_found (from
-- ranges_known over the package as it is), which the view reads: a query never recomputes them.
-- ranges_known(cutoffs) gives the same rows over the figures known on each cutoff's day (known_on):
-- ranges_as_of(day) is its one-day form.
--
-- Columns:
--   event_id               figures.event_id
--   event_name             string required
--   measure                figures.measure
--   victim_group           victim_groups.scope
--   scope_within           victim_groups.within
--   victim_groups          list required
--   n_figures              integer required >= 1
--   n_sources              integer required >= 1
--   n_independent          integer required >= 0
--   n_independent_sources  integer required >= 1
--   low                    figures.low
--   high                   figures.high
--   high_bounded           figures.high
--   n_unbounded            integer >= 0
--   bodies                 string
--   counters               string
--   evidence               string in ('cited', 'quoted', 'cited and quoted')
--   stated_range           string
--   range_label            string required
--   corroboration          string required in corroboration_grades.outcome
--   corroboration_label    string required
--   n_credible             integer required >= 0
--   ecc_outcome            corroboration_grades.ecc_outcome
--   admiralty_credibility  corroboration_grades.admiralty_credibility
--   reliability_label      string
--   n_disagreements        integer required >= 0
--   n_timing               integer required >= 0
--   low_all                figures.low
--   high_all               figures.high
--   all_label              string
--   n_minimums             integer required >= 0
--   minimums_label         string
--   n_overtaken            integer required >= 0
--   overtaken_label        string
--   nested_label           string
--   n_parts                integer required >= 0
--   n_unnumbered           integer required >= 0
--   headline_figure_id     figures.figure_id nullable
--   headline_low           figures.low
--   headline_label         string
--   headline_reliability   reliability_grades.grade nullable
--   first_reported         date
--   last_reported          date
--   latest_figure_ids      list
--   figure_ids             list required
-- Key: event_id, event_name, measure, victim_group
-- Check: low <= high AND low <= high_bounded AND high_bounded <= high
-- Check: low_all <= low AND high <= high_all
-- Check: low <= headline_low AND headline_low <= high
-- Check: NOT (n_unbounded > 0 AND high IS NOT NULL)
-- Check: n_credible <= n_independent AND n_independent <= n_figures
-- Check: (headline_figure_id IS NULL) = (headline_low IS NULL)
-- Check: (n_minimums = 0) = (minimums_label IS NULL) AND (n_overtaken = 0) = (overtaken_label IS NULL)
-- Check: first_reported <= last_reported
-- Check: NOT (corroboration = 'corroborated' AND (n_timing > 0 OR n_disagreements > 0))
-- Reads: figure_detail, counter_latest, discrepancies
CREATE OR REPLACE MACRO ranges_known(cutoffs) AS TABLE
-- (MATERIALIZED: each is read several times below, and computed once)
WITH known AS MATERIALIZED (SELECT * FROM figures_known(cutoffs)),
latest_all AS MATERIALIZED (SELECT * FROM latest_known(cutoffs)),
groups AS (
    SELECT
        known_on,
        group_key,
        any_value(event_id) AS event_id,
        coalesce(any_value(event_name), 'no event (figure ' || min(origin_figure_id) || ')') AS event_name,
        min(event_date_start) AS event_date_start,
        measure,
        scope,
        any_value(scope_within) AS scope_within,
        list(DISTINCT victim_group ORDER BY victim_group) AS victim_groups,
        count(*) AS n_figures,
        count(DISTINCT source_id) AS n_sources,
        count(DISTINCT root_source_id) AS n_independent_sources,
        count(*) FILTER (WHERE coverage <> 'whole_event') AS n_parts,
        CASE WHEN bool_and(low IS NOT NULL) FILTER (WHERE coverage = 'whole_event' AND is_original)
             THEN min(low) FILTER (WHERE coverage = 'whole_event' AND is_original) END AS low_all,
        CASE WHEN bool_and(high IS NOT NULL) FILTER (WHERE coverage = 'whole_event' AND is_original)
             THEN max(high) FILTER (WHERE coverage = 'whole_event' AND is_original) END AS high_all,
        list(stated_label || ' (' || origin_counter_name || coalesce(', as of ' || as_of, '') || ')'
             ORDER BY coalesce(stated_number, low) ASC NULLS FIRST, low ASC NULLS FIRST, figure_id)
            FILTER (WHERE coverage = 'whole_event' AND is_original)[1] AS lower_all,
        list(stated_label || ' (' || origin_counter_name || coalesce(', as of ' || as_of, '') || ')'
             ORDER BY coalesce(stated_number, high, low) DESC NULLS LAST, high DESC NULLS FIRST, figure_id)
            FILTER (WHERE coverage = 'whole_event' AND is_original)[1] AS upper_all,
        min(reported_on) AS first_reported,
        max(reported_on) AS last_reported,
        list(figure_id ORDER BY figure_id) AS figure_ids
    FROM known
    GROUP BY known_on, group_key, measure, scope
),
minimums AS (
    -- a verified minimum, or a count its author calls an undercount, bounds the toll from below only
    SELECT
        known_on, group_key, measure, victim_group AS scope,
        count(*) AS n_minimums,
        string_agg(stated_label || ' (' || counter_name || coalesce(', as of ' || as_of, '') || ')', '; '
                   ORDER BY low DESC NULLS LAST, figure_id) AS minimums_label
    FROM latest_all
    WHERE is_minimum
    GROUP BY known_on, group_key, measure, victim_group
),
overtaken AS (
    -- a body's preliminary first count, dated before other bodies' later counts
    SELECT
        known_on, group_key, measure, victim_group AS scope,
        count(*) AS n_overtaken,
        string_agg(stated_label || ' (' || counter_name || ', preliminary' || coalesce(', as of ' || as_of, '')
                   || ')', '; ' ORDER BY as_of, figure_id) AS overtaken_label
    FROM latest_all
    WHERE overtaken AND NOT is_minimum
    GROUP BY known_on, group_key, measure, victim_group
),
disagreements AS (
    SELECT known_on, group_key, measure, scope,
           count(*) FILTER (WHERE kind = 'disagreement') AS n_disagreements,
           count(*) FILTER (WHERE kind = 'timing') AS n_timing
    FROM discrepancies_known(cutoffs)
    WHERE credible
    GROUP BY known_on, group_key, measure, scope
),
latest AS (
    SELECT
        known_on, group_key, measure, victim_group AS scope,
        count(DISTINCT body_key) AS n_independent,
        count(DISTINCT body_key) FILTER (WHERE corroborates) AS n_credible,
        count(DISTINCT source_id) AS n_latest_sources,
        CASE WHEN bool_and(low IS NOT NULL) THEN min(low) END AS low,
        CASE WHEN bool_and(high IS NOT NULL) THEN max(high) END AS high,
        max(high) AS high_bounded,
        count(*) FILTER (WHERE high IS NULL) AS n_unbounded,
        string_agg(DISTINCT body_name, '; ' ORDER BY body_name) AS bodies,
        string_agg(DISTINCT counter_name, '; ' ORDER BY counter_name) AS counters,
        string_agg(DISTINCT evidence, ' and ' ORDER BY evidence) AS evidence,
        string_agg(reliability || ' (' || counter_name || ', ' || source_id || ')', '; '
                   ORDER BY reliability, counter_name, source_id) AS reliability_label,
        list(stated_label || ' (' || counter_name || ')'
             ORDER BY coalesce(stated_number, low) ASC NULLS FIRST, low ASC NULLS FIRST, figure_id)[1]
            AS lower_label,
        list(stated_label || ' (' || counter_name || ')'
             ORDER BY coalesce(stated_number, high, low) DESC NULLS LAST, high DESC NULLS FIRST, figure_id)[1]
            AS upper_label,
        list(figure_id ORDER BY corroborates DESC, low DESC NULLS LAST, as_of DESC NULLS LAST, figure_id)
            FILTER (WHERE count_kind <> 'party_claim' AND low IS NOT NULL)[1] AS headline_figure_id,
        list(figure_id ORDER BY body_key) AS latest_figure_ids
    FROM latest_all
    WHERE in_range
    GROUP BY known_on, group_key, measure, victim_group
),
harms AS (
    SELECT coalesce(h.event_id, '') AS group_key, h.measure, vg.scope, count(*) AS n_unnumbered
    FROM unnumbered_harms AS h
    LEFT JOIN victim_groups AS vg ON vg.victim_group = h.victim_group
    GROUP BY 1, 2, 3
),
ranged AS MATERIALIZED (
    SELECT
        g.*,
        l.* EXCLUDE (known_on, group_key, measure, scope),
        CASE WHEN l.lower_label IS NULL THEN NULL
             WHEN l.lower_label = l.upper_label THEN l.lower_label
             ELSE l.lower_label || ' to ' || l.upper_label END AS stated_range,
        coalesce(m.n_minimums, 0) AS n_minimums,
        m.minimums_label,
        coalesce(o.n_overtaken, 0) AS n_overtaken,
        o.overtaken_label,
        coalesce(dis.n_disagreements, 0) AS n_disagreements,
        coalesce(dis.n_timing, 0) AS n_timing,
        coalesce(h.n_unnumbered, 0) AS n_unnumbered
    FROM groups AS g
    LEFT JOIN latest AS l
        ON l.known_on IS NOT DISTINCT FROM g.known_on AND l.group_key = g.group_key AND l.measure = g.measure
        AND l.scope = g.scope
    LEFT JOIN minimums AS m
        ON m.known_on IS NOT DISTINCT FROM g.known_on AND m.group_key = g.group_key AND m.measure = g.measure
        AND m.scope = g.scope
    LEFT JOIN overtaken AS o
        ON o.known_on IS NOT DISTINCT FROM g.known_on AND o.group_key = g.group_key AND o.measure = g.measure
        AND o.scope = g.scope
    LEFT JOIN disagreements AS dis
        ON dis.known_on IS NOT DISTINCT FROM g.known_on AND dis.group_key = g.group_key
        AND dis.measure = g.measure AND dis.scope = g.scope
    LEFT JOIN harms AS h ON h.group_key = g.group_key AND h.measure = g.measure AND h.scope = g.scope
),
nested AS (
    -- the scopes within this one, each with its own range, shown beside it
    SELECT
        known_on, group_key, measure, scope_within AS scope,
        string_agg(scope || ': ' || coalesce(stated_range, 'no whole-event figure'), '; ' ORDER BY scope)
            AS nested_label
    FROM ranged
    WHERE scope_within IS NOT NULL
    GROUP BY known_on, group_key, measure, scope_within
)
SELECT
    r.known_on,
    r.event_id,
    r.event_name,
    r.measure,
    r.scope AS victim_group,
    r.scope_within,
    r.victim_groups,
    r.n_figures,
    r.n_sources,
    coalesce(r.n_independent, 0) AS n_independent,
    r.n_independent_sources,
    r.low,
    r.high,
    r.high_bounded,
    r.n_unbounded,
    r.bodies,
    r.counters,
    r.evidence,
    r.stated_range,
    CASE WHEN r.lower_label IS NULL AND r.n_parts > 0
             THEN 'no whole-event figure (' || r.n_parts || CASE WHEN r.n_parts = 1 THEN ' part)' ELSE ' parts)' END
         WHEN r.lower_label IS NULL AND r.n_minimums > 0 THEN 'verified minimum only'
         WHEN r.lower_label IS NULL
             THEN 'no count of its own: copies or relays of figures counted under another victim scope'
         ELSE r.stated_range || ', ' || r.n_independent
              || CASE WHEN r.n_independent = 1 THEN ' independent body' ELSE ' independent bodies' END
    END AS range_label,
    cg.outcome AS corroboration,
    replace(cg.label, '{n}', coalesce(r.n_credible, 0)::VARCHAR) AS corroboration_label,
    coalesce(r.n_credible, 0) AS n_credible,
    cg.ecc_outcome,
    cg.admiralty_credibility,
    r.reliability_label,
    r.n_disagreements,
    r.n_timing,
    r.low_all,
    r.high_all,
    CASE WHEN r.lower_all = r.upper_all THEN r.lower_all ELSE r.lower_all || ' to ' || r.upper_all END AS all_label,
    r.n_minimums,
    r.minimums_label,
    r.n_overtaken,
    r.overtaken_label,
    n.nested_label,
    r.n_parts,
    r.n_unnumbered,
    hl.figure_id AS headline_figure_id,
    hl.low AS headline_low,
    hl.stated_label || ' (' || hl.counter_name || coalesce(', as of ' || hl.as_of, '') || ')' AS headline_label,
    hl.reliability AS headline_reliability,
    r.first_reported,
    r.last_reported,
    r.latest_figure_ids,
    r.figure_ids,
    r.group_key,
    r.event_date_start
FROM ranged AS r
LEFT JOIN nested AS n
    ON n.known_on IS NOT DISTINCT FROM r.known_on AND n.group_key = r.group_key AND n.measure = r.measure
    AND n.scope = r.scope
LEFT JOIN latest_all AS hl
    ON hl.known_on IS NOT DISTINCT FROM r.known_on AND hl.figure_id = r.headline_figure_id
    AND hl.group_key = r.group_key AND hl.measure = r.measure AND hl.victim_group = r.scope
LEFT JOIN corroboration_grades AS cg
    ON coalesce(r.n_independent, 0) BETWEEN cg.min_bodies AND coalesce(cg.max_bodies, coalesce(r.n_independent, 0))
    AND coalesce(r.n_credible, 0) BETWEEN cg.min_credible AND coalesce(cg.max_credible, coalesce(r.n_credible, 0))
    AND (cg.disagreement IS NULL OR cg.disagreement = (r.n_disagreements > 0))
    AND (cg.timing IS NULL OR cg.timing = (r.n_timing > 0));

CREATE OR REPLACE TABLE event_ranges_found AS
SELECT * EXCLUDE (known_on, group_key)
FROM ranges_known([{'group_key': NULL::VARCHAR, 'known_on': NULL::DATE}]);  -- unordered: the view orders the rows

CREATE OR REPLACE VIEW event_ranges AS
SELECT * EXCLUDE (event_date_start) FROM event_ranges_found
ORDER BY event_date_start NULLS LAST, event_id NULLS LAST, event_name, measure, victim_group;
