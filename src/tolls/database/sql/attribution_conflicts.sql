-- One row per pair of attributions that name different actors as causing the harm (or one actor,
-- once stated and once denied): within one event (figures of any source), or within one figure
-- when it has no event. within_source is true when one text makes both attributions.
--
-- A pair is not necessarily a contradiction. A text may name several actors without presenting
-- them as alternatives (s003 names armed groups in one paragraph and, in another, the role of
-- security forces), or state one actor and report claims about another (s004: 'Syrian security
-- forces', stated; 'a faction of Assad's former intelligence forces', alleged). The view pairs
-- them; reading the two quotes tells which. conflict says what differs ('different actors', or
-- 'stated and denied' for one actor). stances gives both stances ('stated / alleged'; stances are
-- stated, alleged, claimed_responsibility, denied) and same_stance whether they are the same.
-- same_quote is true when both attributions quote the same words (in two sources: a copied
-- sentence).
--
-- Attributions that share one quote in one source (one sentence naming several actors together,
-- e.g. "attacks by pro-regime groups and security forces") are a joint attribution and are not
-- paired. Each pair appears once (a before b by attribution_id), with both quotes. The name
-- attribution_conflicts is kept for compatibility. The pairs are computed once, when the database
-- is built, into the table attribution_conflicts_found, which the view reads.
--
-- Columns:
--   event_id          figures.event_id
--   event_name        events.name nullable
--   within_source     boolean required
--   conflict          string required in ('different actors', 'stated and denied')
--   stances           string required
--   same_stance       boolean required
--   same_quote        boolean required
--   source_id_a       figures.source_id
--   figure_id_a       figures.figure_id
--   measure_a         figures.measure
--   range_label_a     string required
--   attribution_id_a  attributions.attribution_id
--   actor_id_a        attributions.actor_id
--   actor_a           string required
--   stance_a          attributions.stance
--   quote_a           attributions.quote
--   source_id_b       figures.source_id
--   figure_id_b       figures.figure_id
--   measure_b         figures.measure
--   range_label_b     string required
--   attribution_id_b  attributions.attribution_id
--   actor_id_b        attributions.actor_id
--   actor_b           string required
--   stance_b          attributions.stance
--   quote_b           attributions.quote
-- Key: attribution_id_a, attribution_id_b
-- Check: attribution_id_a < attribution_id_b
-- Check: (conflict = 'different actors') = (actor_id_a <> actor_id_b)
-- Check: actor_id_a <> actor_id_b OR (stance_a = 'denied') <> (stance_b = 'denied')
-- Check: within_source = (source_id_a = source_id_b) AND same_stance = (stance_a = stance_b)
-- Check: stances = stance_a || ' / ' || stance_b
-- Reads: figure_detail
CREATE OR REPLACE TABLE attribution_conflicts_found AS
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
    JOIN figure_detail_found AS d ON d.figure_id = a.figure_id
    LEFT JOIN actors AS ac ON ac.actor_id = a.actor_id
),
pairs AS (
    -- two equality joins instead of one join on "same event OR same figure", which no hash join can
    -- serve and which compares every pair of attributions: within an event, and within a figure that
    -- has no event (a figure with an event shares it with itself, so the two sets do not overlap)
    SELECT a.attribution_id AS id_a, b.attribution_id AS id_b
    FROM att AS a JOIN att AS b ON a.event_id = b.event_id AND a.attribution_id < b.attribution_id
    UNION ALL
    SELECT a.attribution_id, b.attribution_id
    FROM att AS a JOIN att AS b ON a.figure_id = b.figure_id AND a.attribution_id < b.attribution_id
    WHERE a.event_id IS NULL
)
SELECT
    a.event_id,
    a.event_name,
    a.source_id = b.source_id AS within_source,
    CASE WHEN a.actor_id <> b.actor_id THEN 'different actors' ELSE 'stated and denied' END AS conflict,
    a.stance || ' / ' || b.stance AS stances,
    a.stance = b.stance AS same_stance,
    a.quote = b.quote AS same_quote,
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
FROM pairs AS p
JOIN att AS a ON a.attribution_id = p.id_a
JOIN att AS b ON b.attribution_id = p.id_b
WHERE (a.actor_id <> b.actor_id OR ((a.stance = 'denied') <> (b.stance = 'denied')))
    AND NOT (a.source_id = b.source_id AND a.quote_start = b.quote_start AND a.quote_end = b.quote_end)
ORDER BY a.event_id NULLS LAST, a.attribution_id, b.attribution_id;

CREATE OR REPLACE VIEW attribution_conflicts AS
SELECT * FROM attribution_conflicts_found
ORDER BY event_id NULLS LAST, attribution_id_a, attribution_id_b;
