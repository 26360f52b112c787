-- One row per pair of sources whose texts are near-copies or rewrites of each other
-- (kind 'between_sources'), and per run of passages that one source repeats inside itself
-- (kind 'within_source', lines counted from 1 in the text file). Computed from the texts in the
-- texts table, so a newly added copy is found without any hand-set column.
--
-- Words are runs of letters and digits, lower-cased. similarity is the Jaccard index of the two
-- sets of distinct words (shared words / words in either); containment is shared words / words of
-- the smaller set. Between sources, a pair is listed when similarity >= 0.22, or when
-- sources.copy_of_source_id links the two (declared_copy). The threshold sits between the shipped
-- rewrites s001 and s002 (0.249: the same story in reworded sentences) and the next pair (0.186);
-- a verbatim copy scores near 1. Within a source, lines of at least 20 words are compared
-- (shorter lines are headlines and captions, which page captures repeat by layout); two lines
-- with similarity >= 0.8 repeat each other, and consecutive repeated lines are joined into one
-- run (s002: lines 7-9 again as lines 10-12).
--
-- At scale: no pair of texts is compared unless they share at least 3 words that each stand in at
-- most 50 texts (names, places, rare words; a copy or a rewrite shares many). A pair whose shared
-- words are all common ones is not looked at; its similarity would come from the language, not from
-- copying. With 50 texts or fewer every word counts, so every pair that shares 3 words is compared
-- (a pair with similarity >= 0.22 shares 3 words unless the two texts have about 11 words between them). The words and the
-- pairs are computed once, when the database is built, into the table source_copies_found, which
-- the view reads (a build that adds a text recomputes it).
-- Inside a text, two lines are compared only when they share one of the first n - ceil(0.8 n) + 1 of their
-- n distinct words in sorted order and their sizes are within a factor 0.8 of each other (prefix
-- filtering): every pair of lines with similarity >= 0.8 passes both, so none is missed, and the words the
-- two share are then counted from their two lists of words. A million figures have 1.2 million long lines
-- holding 50 million words (each counted once per line); their prefixes hold 11 million, which give 1.2
-- million pairs to compare (joining all 50 million to the same words in the text's other lines took 2.5
-- times as long).
-- The repeats are found first, into the table source_repeats_found, so that finding them and comparing
-- texts (every word of every text) do not hold memory at once.
--
-- Columns:
--   kind           string required in ('between_sources', 'within_source')
--   source_id_a    sources.source_id
--   source_id_b    sources.source_id
--   line_a_first   integer >= 1
--   line_a_last    integer >= 1
--   line_b_first   integer >= 1
--   line_b_last    integer >= 1
--   n_passages     integer >= 1
--   similarity     number required >= 0 <= 1
--   containment    number required >= 0 <= 1
--   shared_words   integer required >= 0
--   declared_copy  boolean required
--   found_in_text  boolean required
--   excerpt        string
-- Key: kind, source_id_a, source_id_b, line_a_first, line_b_first
-- Check: (kind = 'within_source') = (source_id_a = source_id_b) AND source_id_a <= source_id_b
-- Check: (kind = 'within_source') = (line_a_first IS NOT NULL AND n_passages IS NOT NULL)
-- Check: line_a_first <= line_a_last AND line_b_first <= line_b_last AND line_a_first < line_b_first
-- Check: similarity <= containment
-- Check: found_in_text OR declared_copy
CREATE OR REPLACE TABLE source_repeats_found AS
WITH split AS (
    SELECT source_id, string_split(replace(text, chr(13), ''), chr(10)) AS lines FROM texts
),
numbered AS (
    SELECT source_id, unnest(lines) AS passage, generate_subscripts(lines, 1) AS line FROM split
),
passages AS MATERIALIZED (
    -- tokenised once (DuckDB would otherwise compute this for each place that reads it). Of a passage, what is
    -- kept: its first 60 characters (all the output shows of it), and its distinct words, sorted, in one string
    -- (a word never holds a space), which takes less memory than a list, so that a million figures' passages
    -- are held without spilling to disk. A line too short to compare gets no words (NULL), and is left out by
    -- long_passages: filtering it out here would have DuckDB find the words twice (for the filter and for
    -- the list).
    SELECT source_id, line, passage_start, array_to_string(words, ' ') AS words, len(words) AS n_words
    FROM (
        SELECT source_id, line, passage_start,
               -- distinct words: each sorted word that differs from the one before it (about twice as fast as
               -- list_distinct, and sorted is the order prefix_words needs)
               list_filter(sorted, lambda w, i: i = 1 OR w <> sorted[i - 1]) AS words
        FROM (
            SELECT source_id, line,
                   CASE WHEN len(toks) >= 20 THEN left(passage, 60) END AS passage_start,
                   CASE WHEN len(toks) >= 20 THEN list_sort(toks) END AS sorted
            FROM (
                SELECT source_id, line, passage,
                       CASE WHEN strlen(passage) = length(passage)
                            THEN regexp_extract_all(lower(passage), '[a-z0-9]+')
                            ELSE regexp_extract_all(lower(passage), '[\p{L}\p{N}]+') END AS toks
                FROM numbered
            )
        )
    )
),
long_passages AS (
    SELECT source_id, line, passage_start, words, n_words FROM passages WHERE words IS NOT NULL
),
prefix_words AS (
    -- Prefix filtering: two passages of n and m distinct words with similarity >= 0.8 share at least
    -- 0.8 * max(n, m) words, so they share one among the first n - ceil(0.8 n) + 1 of each (the words in one
    -- order for every passage, here sorted), ceil(0.8 n) being (4 n + 4) // 5 in whole numbers
    SELECT source_id, line, n_words,
           unnest(string_split(words, ' ')[1 : n_words - (4 * n_words + 4) // 5 + 1]) AS word
    FROM long_passages
),
candidates AS (
    -- the pairs of passages of one text that share a word of their prefixes and whose sizes are within a
    -- factor 0.8 of each other (0.8 n <= m <= n / 0.8, in whole numbers): every pair with similarity >= 0.8
    -- is among them
    SELECT DISTINCT a.source_id, a.line AS line_a, b.line AS line_b
    FROM prefix_words AS a
    JOIN prefix_words AS b ON a.source_id = b.source_id AND a.word = b.word AND a.line < b.line
    WHERE 4 * a.n_words <= 5 * b.n_words AND 4 * b.n_words <= 5 * a.n_words
),
pairs AS (
    -- the words the two share: each of a's distinct words found among b's (four times as fast as
    -- list_intersect)
    SELECT source_id, line_a, line_b, n_a, n_b, len(list_filter(words_a, lambda w: list_contains(words_b, w)))
        AS shared_words
    FROM (
        SELECT c.source_id, c.line_a, c.line_b, pa.n_words AS n_a, pb.n_words AS n_b,
               string_split(pa.words, ' ') AS words_a, string_split(pb.words, ' ') AS words_b
        FROM candidates AS c
        JOIN long_passages AS pa ON pa.source_id = c.source_id AND pa.line = c.line_a
        JOIN long_passages AS pb ON pb.source_id = c.source_id AND pb.line = c.line_b
    )
),
numbering AS (
    -- the passages of a text numbered 1, 2, 3... (passage_no): consecutive passages form runs
    SELECT source_id, line, row_number() OVER (PARTITION BY source_id ORDER BY line) AS passage_no
    FROM long_passages
),
repeats AS (
    SELECT p.source_id, p.line_a, p.line_b, p.shared_words,
           p.shared_words / (p.n_a + p.n_b - p.shared_words) AS similarity,
           p.shared_words / least(p.n_a, p.n_b) AS containment,
           na.passage_no AS no_a,
           nb.passage_no - na.passage_no AS distance
    FROM pairs AS p
    JOIN numbering AS na ON na.source_id = p.source_id AND na.line = p.line_a
    JOIN numbering AS nb ON nb.source_id = p.source_id AND nb.line = p.line_b
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
        arg_min(p.passage_start, r.line_a) AS excerpt
    FROM runs AS r
    JOIN long_passages AS p ON p.source_id = r.source_id AND p.line = r.line_a
    GROUP BY r.source_id, r.distance, r.run
)
SELECT * FROM within_source;

CREATE OR REPLACE TABLE source_copies_found AS
WITH words AS (
    -- A text (or line) of ASCII only (as many bytes as characters) is read with [a-z0-9]+, which there
    -- finds exactly what [\p{L}\p{N}]+ finds, about three times faster; list_distinct instead of a
    -- DISTINCT over every word of every text
    SELECT source_id,
           unnest(list_distinct(CASE WHEN strlen(text) = length(text)
                                     THEN regexp_extract_all(lower(text), '[a-z0-9]+')
                                     ELSE regexp_extract_all(lower(text), '[\p{L}\p{N}]+') END)) AS word
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
)
SELECT * FROM between_sources
UNION ALL
SELECT * FROM source_repeats_found
ORDER BY kind, source_id_a, source_id_b, line_a_first NULLS FIRST;

CREATE OR REPLACE VIEW source_copies AS
SELECT * FROM source_copies_found
ORDER BY kind, source_id_a, source_id_b, line_a_first NULLS FIRST;
