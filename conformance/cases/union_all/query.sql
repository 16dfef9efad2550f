-- UNION ALL: of two tables with different column types (INT and BIGINT widen to BIGINT), then a
-- TUMBLE window over the union (the rowtime stays a time attribute because both inputs have it),
-- and duplicates kept. Each input is in event-time order, so no row is late.
CREATE TABLE clicks (
  user_id STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/clicks.csv',
  'format' = 'csv'
);

CREATE TABLE page_views (
  user_id STRING,
  pages INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/page_views.csv',
  'format' = 'csv'
);

CREATE TABLE events (
  user_id STRING,
  weight BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE per_window (
  user_id STRING,
  window_start TIMESTAMP(3),
  events BIGINT NOT NULL,
  weight BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO events
SELECT user_id, CAST(1 AS BIGINT) AS weight FROM clicks
UNION ALL
SELECT user_id, pages FROM page_views
UNION ALL
SELECT user_id, CAST(1 AS BIGINT) FROM clicks WHERE user_id = 'u1';

CREATE VIEW all_events AS
SELECT user_id, CAST(1 AS BIGINT) AS weight, ts FROM clicks
UNION ALL
SELECT user_id, CAST(pages AS BIGINT), ts FROM page_views;

INSERT INTO per_window
SELECT user_id, window_start, COUNT(*) AS events, SUM(weight) AS weight
FROM TABLE(TUMBLE(TABLE all_events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY user_id, window_start, window_end;
