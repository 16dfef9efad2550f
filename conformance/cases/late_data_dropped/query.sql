-- Late data: a row whose window has already fired is dropped. Watermark = max(ts) - 3 s, windows
-- of 10 s. Late rows (each behind the watermark by far more than the delay, after several later
-- rows): 12 and 14 (window [0, 10), one for a key already emitted, one whose window it also
-- closed), 13 and 19 for a key k3 that has never been seen in those windows (no row for k3 in
-- [0, 10) or [10, 20) at all), 18 and 23 (windows [10, 20) and [20, 30)). Rows 4 and 26 are out
-- of order but within the delay and count. The last window fires at the end of input.
-- weir-parallelism-1-only: the case has late rows; at parallelism 2 whether a row is late depends on
-- when the other (empty) source subtask's end of input reaches the window, a race in Flink as well.
CREATE TABLE events (
  k STRING,
  v INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '3' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/input.csv',
  'format' = 'csv'
);

CREATE TABLE counts (
  k STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  cnt BIGINT,
  vs STRING
) WITH ('connector' = 'blackhole');

INSERT INTO counts
SELECT k, window_start, window_end, COUNT(*) AS cnt, CAST(SUM(v) AS STRING) AS vs
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY k, window_start, window_end;
