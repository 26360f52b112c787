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
