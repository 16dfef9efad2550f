-- OVER aggregation on event time: per key, the running count and sum (a named WINDOW), and the
-- sum and max over the current and two preceding rows, in event-time order (Flink needs one frame
-- per query, hence two INSERTs). Out-of-order rows within the 2 s watermark delay
-- are put in order; rows 8 and 12 are late by far more than the delay and are dropped.
-- weir-parallelism-1-only: the case has late rows; at parallelism 2 whether a row is late depends on
-- when the other (empty) source subtask's end of input reaches the window, a race in Flink as well.
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

CREATE TABLE running_totals (
  id BIGINT,
  k STRING,
  ts TIMESTAMP(3),
  running_cnt BIGINT,
  running_sum INT
) WITH ('connector' = 'blackhole');

CREATE TABLE last3 (
  id BIGINT,
  k STRING,
  ts TIMESTAMP(3),
  last3_sum INT,
  last3_max INT
) WITH ('connector' = 'blackhole');

INSERT INTO running_totals
SELECT id, k, ts,
       COUNT(*) OVER w AS running_cnt,
       SUM(v) OVER w AS running_sum
FROM events
WINDOW w AS (PARTITION BY k ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);

INSERT INTO last3
SELECT id, k, ts,
       SUM(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS last3_sum,
       MAX(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS last3_max
FROM events;
