-- One row per figure: a number that one source reports, with the source (label, kind, evidence,
-- publication dates), the event, the counter, the victim group (status and identity) and the scope
-- it is compared within, what kind of count it is, whether it is a part of a total, what it
-- repeats, the independent counter it counts as, and a range_label to paste.
--
-- origin_figure_id: follow copy_of_figure_id (a verbatim copy or a repeated passage) and
-- relay_of_figure_id (another source's figure retold in other words) to the figure they start from.
-- A copy or a relay counts once, with its origin: is_original is false for it.
-- counter_key: the independent counter a figure counts as. It is the origin's counter
-- (counted_by): every update of one counter is one counter. An actor marked placeholder ('official
-- figures', 'the international press') is not one counter across texts: its key is the actor and the
-- origin's source ('official-figures@s003'). A figure whose origin names no counter is its own:
-- 'figure:<origin_figure_id>'. counter_name is the name of the figure's own counter.
-- root_source_id: the source, or the original it copies (sources.copy_of_source_id), followed to
-- the end of the chain.
-- group_key: the event_id, or for a figure with no event 'no event: <origin_figure_id>' (such
-- figures are not pooled with one another).
-- reported_on: the as-of date where there is one; else the latest date the source can have been
-- published (the figure was reported by then); else the earliest (a lower bound: reported on that
-- day or later). reported_on_basis says which: 'as_of', 'published_latest' or 'published_earliest'.
-- stated_label: the figure in words from qualifier and stated_number: 745; at least 8; more than
-- 740; about 1,500; nearly 100; up to 10; fewer than 10; 8 to 10; or the text's own words,
-- lower-cased, for vague words (dozens). range_label adds the bounds of 'about' ("about 1,500 (1,400
-- to 1,600)"). Empty bounds stay empty: never zero.
-- relay_change: for a relay, what it changed from the figure it relays (victim group, qualifier,
-- number, measure words), e.g. 'victim group alawites -> alawite_civilians; about 1,500 for 1,479'.
-- relayed_by: for a figure that others copy or relay, the sources that do ('s001; s002').
-- body_key: the independent body the figure's counter speaks for (actors.speaks_for): the offices of
-- one government (its news agency, ministries, a governorate's offices) are one body, named by the
-- government's actor_id; an actor that speaks for no other is its own body (body_key = counter_key).
-- body_name names it. Every view counts, supersedes and compares bodies, never offices.
-- scope is the comparable scope of the figure's victim group (victim_groups.scope); scope_within the
-- wider scope it lies within (victim_groups.within), shown beside, never pooled.
-- reliability is the grade of the figure's source (reliability_grades, A to F, from the Admiralty
-- code): the rule for that source if there is one, else the rule for its kind, else F (cannot be
-- judged); reliability_rule names the rule, corroborates says whether a figure from such a source
-- counts toward corroboration.
-- The rows are computed once, when the database is built, into the table figure_detail_found (from
-- the package tables), which the view reads: a query never recomputes them.
--
-- figures_known(cutoffs) is the table macro the other views read through: the rows of
-- figure_detail_found known on a day, each with that day as known_on. cutoffs is a list of
-- {group_key, known_on}: a figure is known on known_on when it was reported by then (reported_on <=
-- known_on; a figure with no date at all is known on no day); an empty known_on is every figure (the
-- package as it is now); an empty group_key applies the cutoff to every event. So one SQL gives the
-- views as they are now and the toll as it stood on any day (ranges_as_of).
--
-- Columns:
--   figure_id            figures.figure_id
--   source_id            figures.source_id
--   source_label         sources.label
--   source_title         sources.title
--   source_kind          sources.kind
--   source_url           sources.url
--   evidence             figures.evidence
--   published_earliest   sources.published_earliest
--   published_latest     sources.published_latest
--   published_basis      sources.published_basis
--   copy_of_source_id    sources.copy_of_source_id
--   root_source_id       sources.source_id
--   event_id             figures.event_id
--   event_name           events.name nullable
--   event_type           events.event_type nullable
--   event_date_start     events.date_start nullable
--   event_date_end       events.date_end nullable
--   group_key            string required
--   quote                figures.quote
--   quote_start          figures.quote_start
--   quote_end            figures.quote_end
--   number_text          figures.number_text
--   measure              figures.measure
--   measure_words        figures.measure_words
--   victim_group         figures.victim_group
--   victim_status        victim_groups.status
--   victim_identity      victim_groups.identity
--   scope                victim_groups.scope
--   scope_within         victim_groups.within
--   qualifier            figures.qualifier
--   low                  figures.low
--   stated_number        figures.stated_number
--   high                 figures.high
--   range_label          string required
--   stated_label         string required
--   interval_rule        figures.interval_rule
--   count_kind           figures.count_kind
--   count_status         figures.count_status
--   coverage             figures.coverage
--   part_of_figure_id    figures.part_of_figure_id
--   date_start           figures.date_start
--   date_end             figures.date_end
--   date_precision       figures.date_precision
--   date_basis           figures.date_basis
--   as_of                figures.as_of
--   as_of_precision      figures.as_of_precision
--   as_of_basis          figures.as_of_basis
--   reported_on          date
--   reported_on_basis    string in ('as_of', 'published_latest', 'published_earliest')
--   counted_by           figures.counted_by
--   counter_name         actors.name nullable
--   copy_of_figure_id    figures.copy_of_figure_id
--   relay_of_figure_id   figures.relay_of_figure_id
--   origin_figure_id     figures.figure_id
--   origin_source_id     figures.source_id
--   is_original          boolean required
--   counter_key          string required
--   origin_counter_name  string required
--   speaks_for           actors.speaks_for
--   body_key             string required
--   body_name            string required
--   reliability          reliability_grades.grade in reliability_grades.grade
--   reliability_rule     reliability_rules.rule_id nullable
--   corroborates         boolean required
--   relay_change         string
--   relayed_by           string
--   n_attributions       integer required >= 0
--   attributed_to        string
--   attributed_actor_ids list
--   country              figures.country
--   admin1               figures.admin1
--   place_text           figures.place_text
--   outside_citation     figures.outside_citation
--   notes                figures.notes
-- Key: figure_id
-- Check: low <= high
-- Check: date_start <= date_end AND event_date_start <= event_date_end
-- Check: published_earliest <= published_latest
-- Check: quote_start < quote_end
-- Check: is_original = (copy_of_figure_id IS NULL AND relay_of_figure_id IS NULL)
-- Check: is_original = (origin_figure_id = figure_id)
-- Check: group_key = coalesce(event_id, 'no event: ' || origin_figure_id)
-- Check: body_key = coalesce(speaks_for, counter_key)
-- Check: (reported_on IS NULL) = (reported_on_basis IS NULL)
-- Check: reported_on_basis <> 'as_of' OR reported_on = as_of
-- Check: relay_change IS NULL OR relay_of_figure_id IS NOT NULL
-- Check: (n_attributions = 0) = (attributed_to IS NULL)
CREATE OR REPLACE TABLE figure_detail_found AS
WITH RECURSIVE chain (figure_id, origin_figure_id, depth) AS (
    SELECT figure_id, figure_id, 0
    FROM figures
    WHERE copy_of_figure_id IS NULL AND relay_of_figure_id IS NULL
    UNION ALL
    SELECT f.figure_id, c.origin_figure_id, c.depth + 1
    FROM figures AS f
    JOIN chain AS c ON coalesce(f.copy_of_figure_id, f.relay_of_figure_id) = c.figure_id
),
source_chain (source_id, root_source_id) AS (
    SELECT source_id, source_id FROM sources WHERE copy_of_source_id IS NULL
    UNION ALL
    SELECT s.source_id, r.root_source_id
    FROM sources AS s
    JOIN source_chain AS r ON s.copy_of_source_id = r.source_id
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
repeats AS (
    SELECT coalesce(copy_of_figure_id, relay_of_figure_id) AS figure_id,
           string_agg(DISTINCT source_id, '; ' ORDER BY source_id) AS relayed_by
    FROM figures
    WHERE coalesce(copy_of_figure_id, relay_of_figure_id) IS NOT NULL
    GROUP BY 1
),
labelled AS (
    SELECT f.*,
           coalesce(c.origin_figure_id, f.figure_id) AS origin_figure_id,
           coalesce(
               CASE f.qualifier
                   WHEN 'exact' THEN format('{:,}', f.stated_number)
                   WHEN 'at_least' THEN 'at least ' || format('{:,}', f.stated_number)
                   WHEN 'more_than' THEN 'more than ' || format('{:,}', f.stated_number)
                   WHEN 'approximately' THEN 'about ' || format('{:,}', f.stated_number)
                   WHEN 'nearly' THEN 'nearly ' || format('{:,}', f.stated_number)
                   WHEN 'at_most' THEN 'up to ' || format('{:,}', f.stated_number)
                   WHEN 'fewer_than' THEN 'fewer than ' || format('{:,}', f.stated_number)
                   WHEN 'range' THEN format('{:,}', f.low) || ' to ' || format('{:,}', f.high)
               END,
               lower(f.number_text)
           ) AS stated_label
    FROM figures AS f
    LEFT JOIN chain AS c ON c.figure_id = f.figure_id
)
SELECT
    b.figure_id,
    b.source_id,
    s.label AS source_label,
    s.title AS source_title,
    s.kind AS source_kind,
    s.url AS source_url,
    b.evidence,
    s.published_earliest,
    s.published_latest,
    s.published_basis,
    s.copy_of_source_id,
    coalesce(sc.root_source_id, b.source_id) AS root_source_id,
    b.event_id,
    e.name AS event_name,
    e.event_type,
    e.date_start AS event_date_start,
    e.date_end AS event_date_end,
    coalesce(b.event_id, 'no event: ' || b.origin_figure_id) AS group_key,
    b.quote,
    b.quote_start,
    b.quote_end,
    b.number_text,
    b.measure,
    b.measure_words,
    b.victim_group,
    vg.status AS victim_status,
    vg.identity AS victim_identity,
    vg.scope,
    sg.within AS scope_within,
    b.qualifier,
    b.low,
    b.stated_number,
    b.high,
    CASE
        WHEN b.qualifier = 'approximately' AND b.low IS NOT NULL AND b.high IS NOT NULL
            THEN b.stated_label || ' (' || format('{:,}', b.low) || ' to ' || format('{:,}', b.high) || ')'
        ELSE b.stated_label
    END AS range_label,
    b.stated_label,
    b.interval_rule,
    b.count_kind,
    b.count_status,
    b.coverage,
    b.part_of_figure_id,
    b.date_start,
    b.date_end,
    b.date_precision,
    b.date_basis,
    b.as_of,
    b.as_of_precision,
    b.as_of_basis,
    coalesce(b.as_of, s.published_latest, s.published_earliest) AS reported_on,
    CASE
        WHEN b.as_of IS NOT NULL THEN 'as_of'
        WHEN s.published_latest IS NOT NULL THEN 'published_latest'
        WHEN s.published_earliest IS NOT NULL THEN 'published_earliest'
    END AS reported_on_basis,
    b.counted_by,
    counter.name AS counter_name,
    b.copy_of_figure_id,
    b.relay_of_figure_id,
    b.origin_figure_id,
    o.source_id AS origin_source_id,
    b.copy_of_figure_id IS NULL AND b.relay_of_figure_id IS NULL AS is_original,
    CASE
        WHEN o.counted_by IS NOT NULL AND oc.placeholder
            THEN o.counted_by || '@' || coalesce(osc.root_source_id, o.source_id)
        WHEN o.counted_by IS NOT NULL THEN o.counted_by
        ELSE 'figure:' || b.origin_figure_id
    END AS counter_key,
    coalesce(oc.name, 'no counter named') AS origin_counter_name,
    oc.speaks_for,
    CASE
        WHEN oc.speaks_for IS NOT NULL THEN oc.speaks_for
        WHEN o.counted_by IS NOT NULL AND oc.placeholder
            THEN o.counted_by || '@' || coalesce(osc.root_source_id, o.source_id)
        WHEN o.counted_by IS NOT NULL THEN o.counted_by
        ELSE 'figure:' || b.origin_figure_id
    END AS body_key,
    coalesce(body.name, oc.name, 'no counter named') AS body_name,
    coalesce(gs.grade, gk.grade, 'F') AS reliability,
    coalesce(gs.rule_id, gk.rule_id) AS reliability_rule,
    coalesce(rg.corroborates, false) AS corroborates,
    CASE WHEN b.relay_of_figure_id IS NOT NULL THEN nullif(concat_ws('; ',
        CASE WHEN b.victim_group <> r.victim_group
             THEN 'victim group ' || r.victim_group || ' -> ' || b.victim_group END,
        CASE WHEN b.qualifier <> r.qualifier THEN 'qualifier ' || r.qualifier || ' -> ' || b.qualifier END,
        CASE WHEN b.stated_number IS DISTINCT FROM r.stated_number
             THEN 'number ' || coalesce(format('{:,}', r.stated_number), lower(r.number_text)) || ' -> '
                  || coalesce(format('{:,}', b.stated_number), lower(b.number_text)) END,
        CASE WHEN b.measure_words <> r.measure_words
             THEN 'words ''' || r.measure_words || ''' -> ''' || b.measure_words || '''' END
    ), '') END AS relay_change,
    rep.relayed_by,
    coalesce(attr.n_attributions, 0) AS n_attributions,
    attr.attributed_to,
    attr.attributed_actor_ids,
    b.country,
    b.admin1,
    b.place_text,
    b.outside_citation,
    b.notes
FROM labelled AS b
LEFT JOIN figures AS o ON o.figure_id = b.origin_figure_id
LEFT JOIN actors AS oc ON oc.actor_id = o.counted_by
LEFT JOIN source_chain AS osc ON osc.source_id = o.source_id
LEFT JOIN figures AS r ON r.figure_id = b.relay_of_figure_id
LEFT JOIN sources AS s ON s.source_id = b.source_id
LEFT JOIN source_chain AS sc ON sc.source_id = b.source_id
LEFT JOIN events AS e ON e.event_id = b.event_id
LEFT JOIN victim_groups AS vg ON vg.victim_group = b.victim_group
LEFT JOIN victim_groups AS sg ON sg.victim_group = vg.scope
LEFT JOIN actors AS body ON body.actor_id = oc.speaks_for
LEFT JOIN reliability_rules AS gs ON gs.source_id = b.source_id
LEFT JOIN reliability_rules AS gk ON gk.source_kind = s.kind AND gk.source_id IS NULL
LEFT JOIN reliability_grades AS rg ON rg.grade = coalesce(gs.grade, gk.grade, 'F')
LEFT JOIN actors AS counter ON counter.actor_id = b.counted_by
LEFT JOIN attributed AS attr ON attr.figure_id = b.figure_id
LEFT JOIN repeats AS rep ON rep.figure_id = b.figure_id;  -- unordered: the view orders the rows

CREATE OR REPLACE VIEW figure_detail AS
SELECT * FROM figure_detail_found
ORDER BY figure_id;

CREATE OR REPLACE MACRO figures_known(cutoffs) AS TABLE
WITH cut AS (SELECT unnest(cutoffs, recursive := true))
SELECT d.*, c.known_on
FROM figure_detail_found AS d, cut AS c
WHERE c.group_key IS NULL AND (c.known_on IS NULL OR d.reported_on <= c.known_on)
UNION ALL
SELECT d.*, c.known_on
FROM figure_detail_found AS d
JOIN cut AS c ON c.group_key = d.group_key
WHERE c.known_on IS NULL OR d.reported_on <= c.known_on;
