-- Everyday SQL: WITH and nested subqueries in FROM (filters and projections on both levels),
-- SELECT DISTINCT as a non-windowed group aggregate (an updating result of keys only), and
-- SELECT DISTINCT over a TUMBLE window (a window aggregate without aggregate functions).
-- Rows 8 and 12 are late for the window query by far more than the 2 s watermark delay.
CREATE TABLE events (
  id BIGINT,
  k STRING,
  v INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/input.csv',
  'format' = 'csv'
);

CREATE TABLE big_rows (
  k STRING,
  id BIGINT,
  v2 INT
) WITH ('connector' = 'blackhole');

CREATE TABLE distinct_keys (
  k STRING,
  big BOOLEAN
) WITH ('connector' = 'blackhole');

CREATE TABLE window_keys (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  k STRING
) WITH ('connector' = 'blackhole');

INSERT INTO big_rows
WITH doubled AS (SELECT id, k, v * 2 AS v2, ts FROM events)
SELECT k, id, v2
FROM (SELECT * FROM doubled WHERE v2 > 10) AS t
WHERE id < 13;

INSERT INTO distinct_keys
SELECT DISTINCT k, v > 5 AS big FROM events;

INSERT INTO window_keys
SELECT DISTINCT window_start, window_end, k
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND));
