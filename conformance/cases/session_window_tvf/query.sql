-- The SESSION window table function without aggregation: every row once, with the bounds of its
-- session, released when the watermark passes the session end. Per key (PARTITION BY k, the NULL
-- key is a partition of its own) with a 4 s gap, and over all rows (no PARTITION BY) with a 2 s gap.
-- Row 15 (b, 5.5 s) arrives after row 5 (b, 8 s) and merges b's sessions [3 s, 7 s) and [8 s, 12 s).
-- Rows 8 and 12 are late by far more than the 2 s watermark delay: their sessions have closed, and
-- they are dropped.
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

CREATE TABLE per_key (
  id BIGINT,
  k STRING,
  v INT,
  ts TIMESTAMP(3),
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  window_time TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

CREATE TABLE overall (
  id BIGINT,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

INSERT INTO per_key
SELECT id, k, v, ts, window_start, window_end, window_time
FROM TABLE(SESSION(TABLE events PARTITION BY k, DESCRIPTOR(ts), INTERVAL '4' SECOND));

INSERT INTO overall
SELECT id, window_start, window_end
FROM TABLE(SESSION(TABLE events, DESCRIPTOR(ts), INTERVAL '2' SECOND));
