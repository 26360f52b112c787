-- One row per event, measure and comparable scope as the toll stood on a day: ranges_as_of(DATE) is
-- event_ranges (its columns, its rules) computed from the figures published by that day only.
--
-- A figure counts as published by the day when its as-of date is on or before it, or, when it has no
-- as-of date, when its source's publication date is (figure_detail.reported_on: the latest day the
-- source can have been published, else the earliest). A figure with no date at all (no as-of date, a
-- source of unknown date) is in no day's answer. A body's latest figure, the range, the discrepancies
-- behind its grade and the headline are all as they stood that day; a body's figure published later
-- is not there, so its earlier preliminary count can be its latest. ranges_as_of(NULL) is event_ranges.
-- Run it as a table: SELECT * FROM ranges_as_of(DATE '2025-03-10') WHERE event_id = '2025-03-coast'.
-- toll_timeline gives each step the range as it stood on the step's day, from the same SQL
-- (ranges_known).
-- Reads: event_ranges
CREATE OR REPLACE MACRO ranges_as_of(day) AS TABLE
SELECT * EXCLUDE (known_on, group_key, event_date_start)
FROM ranges_known([{'group_key': NULL::VARCHAR, 'known_on': CAST(day AS DATE)}])
ORDER BY event_date_start NULLS LAST, event_id NULLS LAST, event_name, measure, victim_group;
