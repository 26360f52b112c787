-- One row per pair of figures for the same event, measure and victim scope whose intervals do not
-- overlap: a's upper bound lies below b's lower bound (a is the lower of the two). gap is b.low
-- minus a.high. An empty bound is unknown or unbounded, so a pair with one never counts as
-- disjoint on that side. what_differs lists, in neutral words, what sets the two apart: source,
-- counter, as-of date, date reported, victim group (within the scope), qualifier, wording.
CREATE OR REPLACE VIEW discrepancies AS
SELECT
    a.event_id,
    a.event_name,
    a.measure,
    a.scope,
    a.figure_id AS figure_id_a,
    a.source_id AS source_id_a,
    a.range_label AS range_label_a,
    a.low AS low_a,
    a.high AS high_a,
    a.counter_name AS counter_a,
    a.as_of AS as_of_a,
    a.reported_on AS reported_on_a,
    a.victim_group AS victim_group_a,
    a.number_text AS number_text_a,
    a.quote AS quote_a,
    b.figure_id AS figure_id_b,
    b.source_id AS source_id_b,
    b.range_label AS range_label_b,
    b.low AS low_b,
    b.high AS high_b,
    b.counter_name AS counter_b,
    b.as_of AS as_of_b,
    b.reported_on AS reported_on_b,
    b.victim_group AS victim_group_b,
    b.number_text AS number_text_b,
    b.quote AS quote_b,
    b.low - a.high AS gap,
    a.count_key = b.count_key AS same_count_key,
    concat_ws('; ',
        CASE WHEN a.source_id <> b.source_id THEN 'source' END,
        CASE WHEN a.counted_by IS DISTINCT FROM b.counted_by THEN 'counter' END,
        CASE WHEN a.as_of IS DISTINCT FROM b.as_of THEN 'as-of date' END,
        CASE WHEN a.reported_on IS DISTINCT FROM b.reported_on THEN 'date reported' END,
        CASE WHEN a.victim_group <> b.victim_group THEN 'victim group' END,
        CASE WHEN a.qualifier <> b.qualifier THEN 'qualifier' END,
        CASE WHEN lower(a.number_text) <> lower(b.number_text) THEN 'wording' END
    ) AS what_differs
FROM figure_detail AS a
JOIN figure_detail AS b
    ON a.event_id = b.event_id
    AND a.measure = b.measure
    AND a.scope = b.scope
    AND a.figure_id <> b.figure_id
    AND a.high < b.low
ORDER BY a.event_id, a.measure, a.scope, a.figure_id, b.figure_id;
