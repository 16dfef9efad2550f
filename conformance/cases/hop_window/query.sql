-- HOP windows (size 10 s, slide 5 s): every row counts in two windows. Rows 3 and 11 are out of
-- order within the 2 s watermark delay; rows 8 and 12 are late by far more: row 8 (10:00:04)
-- is dropped from both its windows, row 12 (10:00:09) as well.
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
FROM TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
GROUP BY k, window_start, window_end;
