-- UNION ALL of two tables into one window aggregation: the union keeps the rowtime.
CREATE TABLE clicks (
  user_id   STRING,
  ts        TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '100'
);

CREATE TABLE views (
  user_id   STRING,
  pages     INT,
  ts        TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '100'
);

CREATE VIEW events AS
SELECT user_id, CAST(1 AS BIGINT) AS weight, ts FROM clicks
UNION ALL
SELECT user_id, CAST(pages AS BIGINT), ts FROM views;

CREATE TABLE per_window (
  user_id      STRING,
  window_start TIMESTAMP(3),
  weight       BIGINT
) WITH ('connector' = 'blackhole');

EXPLAIN INSERT INTO per_window
SELECT user_id, window_start, SUM(weight)
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY user_id, window_start, window_end;
