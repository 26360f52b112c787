-- One row per figure that belongs to an event, placed in order within its event, measure and
-- victim scope by reported_on (as-of date, else latest, else earliest publication date), with
-- the change from the figure before it: how a toll grew as it was reported, and where the figure
-- before it came from another counter.
--
-- Figures reported on the same date are put in order of their lower bound, then figure_id, as
-- the texts give no finer order. Figures with no reported_on come last. Figures with no event are
-- left out (there is no toll to follow). reported_on is a lower bound where reported_on_basis is
-- 'published_earliest' (the text can have been published later), so the order is a reading aid,
-- not proof of which figure came first.
--
-- same_counter compares the figure with the one before it: true when both count under one
-- count_key or name the same counter (counted_by), false when they name different counters, empty
-- when either names none. change says it in words: 'same as before' and 'from X to Y' (range
-- labels) for the same counter; 'different counter: from X (A) to Y (B)' (stated labels, with the
-- counters' names) when the counters differ, so that two counters' figures do not read as one toll
-- growing, or 'different counter: X (A, then B)' for the same figure; 'counter not named: ...'
-- when either names none. change_low, change_best and change_high are differences of bounds whichever the counter
-- (read them with same_counter), empty when either bound is empty (an empty bound is unknown or
-- unbounded, never zero). repeats_earlier is true when an earlier figure in the same order has
-- the same count_key.
CREATE OR REPLACE VIEW toll_timeline AS
WITH ordered AS (
    SELECT
        d.*,
        row_number() OVER w AS step,
        lag(d.figure_id) OVER w AS previous_figure_id,
        lag(d.range_label) OVER w AS previous_range_label,
        lag(d.stated_label) OVER w AS previous_stated_label,
        lag(d.counted_by) OVER w AS previous_counted_by,
        lag(d.counter_name) OVER w AS previous_counter_name,
        lag(d.count_key) OVER w AS previous_count_key,
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
),
compared AS (
    SELECT
        *,
        CASE
            WHEN previous_figure_id IS NULL THEN NULL
            WHEN count_key = previous_count_key THEN true
            WHEN counted_by IS NULL OR previous_counted_by IS NULL THEN NULL
            ELSE counted_by = previous_counted_by
        END AS same_counter,
        low IS NOT DISTINCT FROM previous_low AND best IS NOT DISTINCT FROM previous_best
            AND high IS NOT DISTINCT FROM previous_high AS same_bounds
    FROM ordered
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
    counted_by,
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
    previous_counter_name,
    same_counter,
    low - previous_low AS change_low,
    best - previous_best AS change_best,
    high - previous_high AS change_high,
    CASE
        WHEN previous_figure_id IS NULL THEN NULL
        WHEN same_counter AND same_bounds THEN 'same as before'
        WHEN same_counter THEN 'from ' || previous_range_label || ' to ' || range_label
        ELSE CASE WHEN same_counter IS NULL THEN 'counter not named: ' ELSE 'different counter: ' END
            || CASE
                   WHEN same_bounds THEN stated_label || ' (' || coalesce(previous_counter_name, 'no counter named')
                       || ', then ' || coalesce(counter_name, 'no counter named') || ')'
                   ELSE 'from ' || previous_stated_label
                       || ' (' || coalesce(previous_counter_name, 'no counter named') || ') to '
                       || stated_label || ' (' || coalesce(counter_name, 'no counter named') || ')'
               END
    END AS change
FROM compared
ORDER BY event_id, measure, scope, step;
