-- The query of src/tolls/database/sql/source_copies.sql as it was before it was made faster (one regular
-- expression for every word, a DISTINCT over all of them, passage sizes by GROUP BY), kept as the
-- reference tests/test_views.py compares the faster one with. Not part of the package.
CREATE OR REPLACE TABLE source_copies_reference AS
WITH words AS (
    SELECT DISTINCT source_id, unnest(regexp_extract_all(lower(text), '[\p{L}\p{N}]+')) AS word
    FROM texts
),
vocabulary AS (
    SELECT source_id, count(*) AS n_words FROM words GROUP BY source_id
),
frequency AS (
    SELECT word, count(*) AS n_texts FROM words GROUP BY word
),
rare AS (
    SELECT w.source_id, w.word FROM words AS w JOIN frequency AS f USING (word) WHERE f.n_texts <= 50
),
candidates AS (
    SELECT a.source_id AS source_id_a, b.source_id AS source_id_b
    FROM rare AS a
    JOIN rare AS b ON a.word = b.word AND a.source_id < b.source_id
    GROUP BY a.source_id, b.source_id
    HAVING count(*) >= 3
),
shared AS (
    SELECT c.source_id_a, c.source_id_b, count(*) AS shared_words
    FROM candidates AS c
    JOIN words AS a ON a.source_id = c.source_id_a
    JOIN words AS b ON b.source_id = c.source_id_b AND b.word = a.word
    GROUP BY c.source_id_a, c.source_id_b
),
scored AS (
    SELECT s.source_id_a, s.source_id_b, s.shared_words,
           s.shared_words / (va.n_words + vb.n_words - s.shared_words) AS similarity,
           s.shared_words / least(va.n_words, vb.n_words) AS containment
    FROM shared AS s
    JOIN vocabulary AS va ON va.source_id = s.source_id_a
    JOIN vocabulary AS vb ON vb.source_id = s.source_id_b
),
declared AS (
    SELECT DISTINCT least(source_id, copy_of_source_id) AS source_id_a,
                    greatest(source_id, copy_of_source_id) AS source_id_b
    FROM sources
    WHERE copy_of_source_id IS NOT NULL AND copy_of_source_id <> source_id
),
between_sources AS (
    SELECT
        'between_sources' AS kind,
        coalesce(sc.source_id_a, d.source_id_a) AS source_id_a,
        coalesce(sc.source_id_b, d.source_id_b) AS source_id_b,
        CAST(NULL AS BIGINT) AS line_a_first,
        CAST(NULL AS BIGINT) AS line_a_last,
        CAST(NULL AS BIGINT) AS line_b_first,
        CAST(NULL AS BIGINT) AS line_b_last,
        CAST(NULL AS BIGINT) AS n_passages,
        round(coalesce(sc.similarity, 0), 3) AS similarity,
        round(coalesce(sc.containment, 0), 3) AS containment,
        coalesce(sc.shared_words, 0) AS shared_words,
        d.source_id_a IS NOT NULL AS declared_copy,
        coalesce(sc.similarity >= 0.22, false) AS found_in_text,
        CAST(NULL AS VARCHAR) AS excerpt
    FROM scored AS sc
    FULL OUTER JOIN declared AS d
        ON d.source_id_a = sc.source_id_a AND d.source_id_b = sc.source_id_b
    WHERE sc.similarity >= 0.22 OR d.source_id_a IS NOT NULL
),
split AS (
    SELECT source_id, string_split(replace(text, chr(13), ''), chr(10)) AS lines FROM texts
),
numbered AS (
    SELECT source_id, unnest(lines) AS passage, generate_subscripts(lines, 1) AS line FROM split
),
passages AS (
    SELECT source_id, line, passage, toks,
           row_number() OVER (PARTITION BY source_id ORDER BY line) AS passage_no
    FROM (
        SELECT source_id, line, passage, regexp_extract_all(lower(passage), '[\p{L}\p{N}]+') AS toks
        FROM numbered
    )
    WHERE len(toks) >= 20
),
passage_words AS (
    SELECT DISTINCT source_id, line, unnest(toks) AS word FROM passages
),
passage_size AS (
    SELECT source_id, line, count(*) AS n_words FROM passage_words GROUP BY source_id, line
),
passage_pairs AS (
    SELECT a.source_id, a.line AS line_a, b.line AS line_b, count(*) AS shared_words
    FROM passage_words AS a
    JOIN passage_words AS b ON a.source_id = b.source_id AND a.line < b.line AND a.word = b.word
    GROUP BY a.source_id, a.line, b.line
),
repeats AS (
    SELECT pp.source_id, pp.line_a, pp.line_b, pp.shared_words,
           pp.shared_words / (sa.n_words + sb.n_words - pp.shared_words) AS similarity,
           pp.shared_words / least(sa.n_words, sb.n_words) AS containment,
           pa.passage_no AS no_a,
           pb.passage_no - pa.passage_no AS distance
    FROM passage_pairs AS pp
    JOIN passage_size AS sa ON sa.source_id = pp.source_id AND sa.line = pp.line_a
    JOIN passage_size AS sb ON sb.source_id = pp.source_id AND sb.line = pp.line_b
    JOIN passages AS pa ON pa.source_id = pp.source_id AND pa.line = pp.line_a
    JOIN passages AS pb ON pb.source_id = pp.source_id AND pb.line = pp.line_b
),
runs AS (
    -- consecutive passages repeated at the same distance form one run (gaps and islands)
    SELECT *, no_a - row_number() OVER (PARTITION BY source_id, distance ORDER BY no_a) AS run
    FROM repeats
    WHERE similarity >= 0.8
),
within_source AS (
    SELECT
        'within_source' AS kind,
        r.source_id AS source_id_a,
        r.source_id AS source_id_b,
        min(r.line_a) AS line_a_first,
        max(r.line_a) AS line_a_last,
        min(r.line_b) AS line_b_first,
        max(r.line_b) AS line_b_last,
        count(*) AS n_passages,
        round(min(r.similarity), 3) AS similarity,
        round(min(r.containment), 3) AS containment,
        CAST(sum(r.shared_words) AS BIGINT) AS shared_words,
        false AS declared_copy,
        true AS found_in_text,
        left(arg_min(p.passage, r.line_a), 60) AS excerpt
    FROM runs AS r
    JOIN passages AS p ON p.source_id = r.source_id AND p.line = r.line_a
    GROUP BY r.source_id, r.distance, r.run
)
SELECT * FROM between_sources
UNION ALL
SELECT * FROM within_source
ORDER BY kind, source_id_a, source_id_b, line_a_first NULLS FIRST;
