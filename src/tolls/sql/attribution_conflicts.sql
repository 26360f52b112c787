-- One row per pair of attributions that disagree about who caused the harm: within one event
-- (figures of any source), or within one figure when it has no event. within_source is true when
-- one text makes both attributions (the text contradicts itself or names several actors apart).
--
-- Two attributions disagree when they name different actors, or the same actor with one stance
-- 'denied' and the other not. Attributions that share one quote (one sentence naming several
-- actors together, e.g. "attacks by pro-regime groups and security forces") are a joint
-- attribution, not a disagreement, and are not paired. Each pair appears once (a before b by
-- attribution_id), with both quotes.
CREATE OR REPLACE VIEW attribution_conflicts AS
WITH att AS (
    SELECT
        a.attribution_id,
        a.figure_id,
        a.actor_id,
        coalesce(ac.name, a.actor_id) AS actor_name,
        ac.kind AS actor_kind,
        a.stance,
        a.quote,
        a.quote_start,
        a.quote_end,
        d.source_id,
        d.event_id,
        d.event_name,
        d.measure,
        d.range_label
    FROM attributions AS a
    JOIN figure_detail AS d ON d.figure_id = a.figure_id
    LEFT JOIN actors AS ac ON ac.actor_id = a.actor_id
)
SELECT
    a.event_id,
    a.event_name,
    a.source_id = b.source_id AS within_source,
    CASE WHEN a.actor_id <> b.actor_id THEN 'different actors' ELSE 'stated and denied' END AS conflict,
    a.source_id AS source_id_a,
    a.figure_id AS figure_id_a,
    a.measure AS measure_a,
    a.range_label AS range_label_a,
    a.attribution_id AS attribution_id_a,
    a.actor_id AS actor_id_a,
    a.actor_name AS actor_a,
    a.stance AS stance_a,
    a.quote AS quote_a,
    b.source_id AS source_id_b,
    b.figure_id AS figure_id_b,
    b.measure AS measure_b,
    b.range_label AS range_label_b,
    b.attribution_id AS attribution_id_b,
    b.actor_id AS actor_id_b,
    b.actor_name AS actor_b,
    b.stance AS stance_b,
    b.quote AS quote_b
FROM att AS a
JOIN att AS b
    ON a.attribution_id < b.attribution_id
    AND (a.event_id = b.event_id OR a.figure_id = b.figure_id)
    AND (a.actor_id <> b.actor_id OR ((a.stance = 'denied') <> (b.stance = 'denied')))
    AND NOT (a.source_id = b.source_id AND a.quote_start = b.quote_start AND a.quote_end = b.quote_end)
ORDER BY a.event_id NULLS LAST, a.attribution_id, b.attribution_id;
