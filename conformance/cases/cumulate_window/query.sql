-- CUMULATE windows (step 5 s, max size 15 s): each 15 s window emits its running totals at 5 s,
-- 10 s and 15 s. Rows 3 and 11 are out of order within the 2 s watermark delay. Row 8 (10:00:04)
-- arrives when the watermark is 10:00:12: Flink leaves it out of the [0, 5) and [0, 10) results,
-- which have fired, but still counts it in [0, 15), which has not. Row 12 (10:00:09, watermark
-- 10:00:20) is dropped from every result of its window.
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

CREATE TABLE results (
  k STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  cnt BIGINT,
  total INT,
  max_v INT
) WITH ('connector' = 'blackhole');

INSERT INTO results
SELECT k, window_start, window_end, COUNT(*) AS cnt, SUM(v) AS total, MAX(v) AS max_v
FROM TABLE(CUMULATE(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '15' SECOND))
GROUP BY k, window_start, window_end;
