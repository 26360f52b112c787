-- Generated from datapackage.json and src/tolls/database/sql/*.sql by `tolls docs`;
-- do not edit (a test fails when it is stale). Run it from the root of a clone, DuckDB CLI 1.5+:
--   duckdb tolls.duckdb -c ".read src/tolls/database/sql/csv/load_csv.sql"
-- It loads data/*.csv and seeds/*.txt into tables (the file stands alone), then reads the view files.

CREATE OR REPLACE TABLE "sources" (
    "source_id" VARCHAR NOT NULL,
    "evidence" VARCHAR NOT NULL,
    "path" VARCHAR,
    "sha256" VARCHAR,
    "label" VARCHAR NOT NULL,
    "title" VARCHAR,
    "outlet" VARCHAR,
    "url" VARCHAR,
    "kind" VARCHAR NOT NULL,
    "published_earliest" DATE,
    "published_latest" DATE,
    "published_precision" VARCHAR,
    "published_basis" VARCHAR NOT NULL,
    "published_note" VARCHAR,
    "outside_citation" VARCHAR,
    "language" VARCHAR NOT NULL,
    "counter_id" VARCHAR,
    "copy_of_source_id" VARCHAR,
    "page_relation" VARCHAR,
    "statement_language" VARCHAR,
    "read_on" DATE,
    "notes" VARCHAR
);
INSERT INTO "sources" BY NAME SELECT * FROM read_csv('data/sources.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "events" (
    "event_id" VARCHAR NOT NULL,
    "name" VARCHAR NOT NULL,
    "event_type" VARCHAR NOT NULL,
    "date_start" DATE NOT NULL,
    "date_end" DATE NOT NULL,
    "date_precision" VARCHAR NOT NULL,
    "date_basis" VARCHAR NOT NULL,
    "country" VARCHAR NOT NULL,
    "admin1" VARCHAR,
    "outside_citation" VARCHAR,
    "possibly_same_as" VARCHAR,
    "notes" VARCHAR
);
INSERT INTO "events" BY NAME SELECT * FROM read_csv('data/events.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "actors" (
    "actor_id" VARCHAR NOT NULL,
    "name" VARCHAR NOT NULL,
    "kind" VARCHAR NOT NULL,
    "placeholder" BOOLEAN NOT NULL,
    "speaks_for" VARCHAR,
    "aliases" VARCHAR,
    "notes" VARCHAR
);
INSERT INTO "actors" BY NAME SELECT * FROM read_csv('data/actors.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "victim_groups" (
    "victim_group" VARCHAR NOT NULL,
    "status" VARCHAR NOT NULL,
    "identity" VARCHAR NOT NULL,
    "scope" VARCHAR NOT NULL,
    "within" VARCHAR,
    "description" VARCHAR NOT NULL
);
INSERT INTO "victim_groups" BY NAME SELECT * FROM read_csv('data/victim_groups.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "interval_rules" (
    "rule_id" VARCHAR NOT NULL,
    "language" VARCHAR NOT NULL,
    "qualifier" VARCHAR NOT NULL,
    "cues" VARCHAR,
    "cue_position" VARCHAR NOT NULL,
    "unit" BIGINT,
    "spread" VARCHAR NOT NULL,
    "low_factor" DOUBLE,
    "low_offset" BIGINT,
    "high_factor" DOUBLE,
    "high_offset" BIGINT,
    "states_number" BOOLEAN NOT NULL,
    "example" VARCHAR NOT NULL,
    "example_low" BIGINT,
    "example_stated" BIGINT,
    "example_high" BIGINT,
    "acled_point" BIGINT,
    "citation" VARCHAR NOT NULL
);
INSERT INTO "interval_rules" BY NAME SELECT * FROM read_csv('data/interval_rules.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "figures" (
    "figure_id" VARCHAR NOT NULL,
    "source_id" VARCHAR NOT NULL,
    "evidence" VARCHAR NOT NULL,
    "event_id" VARCHAR,
    "event_basis" VARCHAR NOT NULL,
    "quote" VARCHAR,
    "quote_start" BIGINT,
    "quote_end" BIGINT,
    "number_text" VARCHAR NOT NULL,
    "measure" VARCHAR NOT NULL,
    "measure_words" VARCHAR,
    "victim_group" VARCHAR NOT NULL,
    "qualifier" VARCHAR NOT NULL,
    "low" BIGINT,
    "stated_number" BIGINT,
    "high" BIGINT,
    "interval_rule" VARCHAR NOT NULL,
    "count_kind" VARCHAR NOT NULL,
    "count_status" VARCHAR NOT NULL,
    "coverage" VARCHAR NOT NULL,
    "part_of_figure_id" VARCHAR,
    "date_start" DATE NOT NULL,
    "date_end" DATE NOT NULL,
    "date_precision" VARCHAR NOT NULL,
    "date_basis" VARCHAR NOT NULL,
    "as_of" DATE,
    "as_of_precision" VARCHAR,
    "as_of_basis" VARCHAR,
    "counted_by" VARCHAR,
    "country" VARCHAR NOT NULL,
    "admin1" VARCHAR,
    "place_text" VARCHAR,
    "copy_of_figure_id" VARCHAR,
    "relay_of_figure_id" VARCHAR,
    "outside_citation" VARCHAR,
    "notes" VARCHAR
);
INSERT INTO "figures" BY NAME SELECT * FROM read_csv('data/figures.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "unnumbered_harms" (
    "harm_id" VARCHAR NOT NULL,
    "source_id" VARCHAR NOT NULL,
    "event_id" VARCHAR,
    "quote" VARCHAR NOT NULL,
    "quote_start" BIGINT NOT NULL,
    "quote_end" BIGINT NOT NULL,
    "harm_words" VARCHAR NOT NULL,
    "measure" VARCHAR NOT NULL,
    "victim_group" VARCHAR NOT NULL,
    "figure_id" VARCHAR,
    "notes" VARCHAR
);
INSERT INTO "unnumbered_harms" BY NAME SELECT * FROM read_csv('data/unnumbered_harms.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "attributions" (
    "attribution_id" VARCHAR NOT NULL,
    "figure_id" VARCHAR NOT NULL,
    "actor_id" VARCHAR NOT NULL,
    "stance" VARCHAR NOT NULL,
    "extent" VARCHAR NOT NULL,
    "quote" VARCHAR NOT NULL,
    "quote_start" BIGINT NOT NULL,
    "quote_end" BIGINT NOT NULL,
    "notes" VARCHAR
);
INSERT INTO "attributions" BY NAME SELECT * FROM read_csv('data/attributions.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "exclusions" (
    "exclusion_id" VARCHAR NOT NULL,
    "source_id" VARCHAR NOT NULL,
    "quote" VARCHAR NOT NULL,
    "quote_start" BIGINT NOT NULL,
    "quote_end" BIGINT NOT NULL,
    "number_text" VARCHAR NOT NULL,
    "reason" VARCHAR NOT NULL,
    "notes" VARCHAR
);
INSERT INTO "exclusions" BY NAME SELECT * FROM read_csv('data/exclusions.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "contradictions" (
    "contradiction_id" VARCHAR NOT NULL,
    "source_id" VARCHAR NOT NULL,
    "topic" VARCHAR NOT NULL,
    "quote" VARCHAR NOT NULL,
    "quote_start" BIGINT NOT NULL,
    "quote_end" BIGINT NOT NULL,
    "against" VARCHAR NOT NULL,
    "other_quote" VARCHAR,
    "other_quote_start" BIGINT,
    "other_quote_end" BIGINT,
    "other_source_ids" VARCHAR,
    "figure_id" VARCHAR,
    "notes" VARCHAR
);
INSERT INTO "contradictions" BY NAME SELECT * FROM read_csv('data/contradictions.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "reliability_grades" (
    "grade" VARCHAR NOT NULL,
    "label" VARCHAR NOT NULL,
    "meaning" VARCHAR NOT NULL,
    "corroborates" BOOLEAN NOT NULL,
    "citation" VARCHAR NOT NULL
);
INSERT INTO "reliability_grades" BY NAME SELECT * FROM read_csv('data/reliability_grades.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "reliability_rules" (
    "rule_id" VARCHAR NOT NULL,
    "source_kind" VARCHAR,
    "source_id" VARCHAR,
    "grade" VARCHAR NOT NULL,
    "reason" VARCHAR NOT NULL
);
INSERT INTO "reliability_rules" BY NAME SELECT * FROM read_csv('data/reliability_rules.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE "corroboration_grades" (
    "outcome" VARCHAR NOT NULL,
    "label" VARCHAR NOT NULL,
    "min_bodies" BIGINT NOT NULL,
    "max_bodies" BIGINT,
    "min_credible" BIGINT NOT NULL,
    "max_credible" BIGINT,
    "disagreement" BOOLEAN,
    "timing" BOOLEAN,
    "ecc_outcome" VARCHAR,
    "admiralty_credibility" BIGINT NOT NULL,
    "description" VARCHAR NOT NULL,
    "citation" VARCHAR NOT NULL
);
INSERT INTO "corroboration_grades" BY NAME SELECT * FROM read_csv('data/corroboration_grades.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TABLE texts (source_id VARCHAR NOT NULL, path VARCHAR NOT NULL, text VARCHAR NOT NULL);
INSERT INTO texts
SELECT s.source_id, s.path, t.content
FROM sources AS s
JOIN read_text('seeds/*.txt') AS t ON replace(t.filename, '\', '/') = s.path;

.read src/tolls/database/sql/figure_detail.sql
.read src/tolls/database/sql/attribution_conflicts.sql
.read src/tolls/database/sql/counter_latest.sql
.read src/tolls/database/sql/discrepancies.sql
.read src/tolls/database/sql/event_ranges.sql
.read src/tolls/database/sql/ranges_as_of.sql
.read src/tolls/database/sql/source_copies.sql
.read src/tolls/database/sql/toll_timeline.sql
