-- One row per figure: a number that one source reports, with the source (label, title, kind,
-- publication dates), the event, the counter, the victim scope, the actors the source says caused
-- the harm, the key under which it counts as an independent count, and a range_label to paste.
--
-- count_key: figures with the same key count once. It is counted_by || '@' || as_of ('unknown'
-- when the text gives no date) when the figure names a counter; otherwise the key of the figure at
-- the root of its copy_of_figure_id chain (a passage repeated inside one text, or the same figure
-- in a copied text, counts with the figure it repeats). A figure with no as-of date counts with
-- the same counter's other undated figures (key '<counter>@unknown'): the package cannot tell them
-- apart, and successive updates of one counter are not independent counts (SOHR's "over 740" and
-- "has risen to 745" are one count, sohr@unknown).
-- reported_on: the as-of date where the text gives one; else the latest date the text can have
-- been published (the figure was reported by then); else, when that is not known, the earliest
-- (the figure was reported on that day or later: a lower bound, not a date by which it was known).
-- reported_on_basis says which: 'as_of', 'published_latest' or 'published_earliest'.
-- range_label: the interval in words (qualifier from data/interval_rules.csv): 745; at least 8;
-- more than 740; about 1,500 (1,425 to 1,575); nearly 100; up to 10; fewer than 10; 8 to 10; or
-- the text's own words, lower-cased, for vague words (dozens). The number is read back from the
-- bounds through the figure's interval rule. stated_label is the same without the bounds of
-- 'about' ("about 1,500"). Empty bounds stay empty: never zero.
CREATE OR REPLACE VIEW figure_detail AS
WITH RECURSIVE chain (figure_id, root_figure_id) AS (
    SELECT figure_id, figure_id FROM figures WHERE copy_of_figure_id IS NULL
    UNION ALL
    SELECT f.figure_id, c.root_figure_id
    FROM figures AS f
    JOIN chain AS c ON f.copy_of_figure_id = c.figure_id
),
attributed AS (
    SELECT a.figure_id,
           string_agg(coalesce(ac.name, a.actor_id) || ' (' || a.stance || ')', '; '
                      ORDER BY a.attribution_id) AS attributed_to,
           list(DISTINCT a.actor_id ORDER BY a.actor_id) AS attributed_actor_ids,
           count(*) AS n_attributions
    FROM attributions AS a
    LEFT JOIN actors AS ac ON ac.actor_id = a.actor_id
    GROUP BY a.figure_id
),
base AS (
    SELECT f.*,
           coalesce(c.root_figure_id, f.figure_id) AS root_figure_id,
           -- the number the words carry, read back through the rule that made the bounds
           coalesce(
               CASE
                   WHEN f.best IS NOT NULL AND r.best_factor IS NOT NULL AND r.best_factor <> 0
                       THEN round((f.best - coalesce(r.best_offset, 0)) / r.best_factor)
                   WHEN f.high IS NOT NULL AND r.high_factor IS NOT NULL AND r.high_factor <> 0
                       THEN round((f.high - coalesce(r.high_offset, 0)) / r.high_factor)
                   WHEN f.low IS NOT NULL AND r.low_factor IS NOT NULL AND r.low_factor <> 0
                       THEN round((f.low - coalesce(r.low_offset, 0)) / r.low_factor)
               END,
               CASE f.qualifier
                   WHEN 'exact' THEN coalesce(f.best, f.low)
                   WHEN 'at_least' THEN f.low
                   WHEN 'more_than' THEN f.low - 1
                   WHEN 'approximately' THEN f.best
                   WHEN 'nearly' THEN f.high + 1
                   WHEN 'at_most' THEN f.high
                   WHEN 'fewer_than' THEN f.high + 1
               END
           )::BIGINT AS stated_number
    FROM figures AS f
    LEFT JOIN chain AS c ON c.figure_id = f.figure_id
    LEFT JOIN interval_rules AS r ON r.rule_id = f.interval_rule
),
labelled AS (
    SELECT base.*,
           coalesce(
               CASE qualifier
                   WHEN 'exact' THEN format('{:,}', stated_number)
                   WHEN 'at_least' THEN 'at least ' || format('{:,}', stated_number)
                   WHEN 'more_than' THEN 'more than ' || format('{:,}', stated_number)
                   WHEN 'approximately' THEN 'about ' || format('{:,}', stated_number)
                   WHEN 'nearly' THEN 'nearly ' || format('{:,}', stated_number)
                   WHEN 'at_most' THEN 'up to ' || format('{:,}', stated_number)
                   WHEN 'fewer_than' THEN 'fewer than ' || format('{:,}', stated_number)
                   WHEN 'range' THEN format('{:,}', low) || ' to ' || format('{:,}', high)
               END,
               lower(number_text)
           ) AS stated_label
    FROM base
)
SELECT
    b.figure_id,
    b.source_id,
    s.label AS source_label,
    s.title AS source_title,
    s.kind AS source_kind,
    s.published_earliest,
    s.published_latest,
    s.published_basis,
    s.copy_of_source_id,
    b.event_id,
    e.name AS event_name,
    e.event_type,
    e.date_start AS event_date_start,
    e.date_end AS event_date_end,
    b.quote,
    b.quote_start,
    b.quote_end,
    b.number_text,
    b.measure,
    b.victim_group,
    vg.scope,
    b.qualifier,
    b.low,
    b.best,
    b.high,
    CASE
        WHEN b.qualifier = 'approximately' AND b.low IS NOT NULL AND b.high IS NOT NULL
            THEN b.stated_label || ' (' || format('{:,}', b.low) || ' to ' || format('{:,}', b.high) || ')'
        ELSE b.stated_label
    END AS range_label,
    b.stated_label,
    b.interval_rule,
    b.date_start,
    b.date_end,
    b.date_precision,
    b.as_of,
    coalesce(b.as_of, s.published_latest, s.published_earliest) AS reported_on,
    CASE
        WHEN b.as_of IS NOT NULL THEN 'as_of'
        WHEN s.published_latest IS NOT NULL THEN 'published_latest'
        WHEN s.published_earliest IS NOT NULL THEN 'published_earliest'
    END AS reported_on_basis,
    b.counted_by,
    counter.name AS counter_name,
    b.copy_of_figure_id,
    b.root_figure_id,
    CASE
        WHEN b.counted_by IS NOT NULL
            THEN b.counted_by || '@' || coalesce(CAST(b.as_of AS VARCHAR), 'unknown')
        WHEN root.counted_by IS NOT NULL
            THEN root.counted_by || '@' || coalesce(CAST(root.as_of AS VARCHAR), 'unknown')
        ELSE 'figure:' || b.root_figure_id
    END AS count_key,
    coalesce(attr.n_attributions, 0) AS n_attributions,
    attr.attributed_to,
    attr.attributed_actor_ids,
    b.country,
    b.admin1,
    b.place_text,
    b.notes
FROM labelled AS b
LEFT JOIN figures AS root ON root.figure_id = b.root_figure_id
LEFT JOIN sources AS s ON s.source_id = b.source_id
LEFT JOIN events AS e ON e.event_id = b.event_id
LEFT JOIN victim_groups AS vg ON vg.victim_group = b.victim_group
LEFT JOIN actors AS counter ON counter.actor_id = b.counted_by
LEFT JOIN attributed AS attr ON attr.figure_id = b.figure_id
ORDER BY b.figure_id;
