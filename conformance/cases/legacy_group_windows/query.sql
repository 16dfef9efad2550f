-- Legacy group windows: GROUP BY TUMBLE(ts, size) / HOP(ts, slide, size) / SESSION(ts, gap) with
-- TUMBLE_START/_END/_ROWTIME, HOP_START/_END and SESSION_START/_END, a WHERE before the window
-- and a HAVING after it. Rows 8 and 12 are late by far more than the 2 s watermark delay.
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

CREATE TABLE tumbled (
  k STRING,
  wstart TIMESTAMP(3),
  wend TIMESTAMP(3),
  wtime TIMESTAMP(3),
  cnt BIGINT,
  total INT
) WITH ('connector' = 'blackhole');

CREATE TABLE hopped (
  k STRING,
  wstart TIMESTAMP(3),
  wend TIMESTAMP(3),
  cnt BIGINT,
  hi INT
) WITH ('connector' = 'blackhole');

CREATE TABLE sessions (
  k STRING,
  wstart TIMESTAMP(3),
  wend TIMESTAMP(3),
  cnt BIGINT,
  total INT
) WITH ('connector' = 'blackhole');

INSERT INTO tumbled
SELECT k, TUMBLE_START(ts, INTERVAL '10' SECOND), TUMBLE_END(ts, INTERVAL '10' SECOND),
       TUMBLE_ROWTIME(ts, INTERVAL '10' SECOND), COUNT(*), SUM(v)
FROM events
WHERE v > 1
GROUP BY k, TUMBLE(ts, INTERVAL '10' SECOND);

INSERT INTO hopped
SELECT k, HOP_START(e.ts, INTERVAL '5' SECOND, INTERVAL '10' SECOND),
       HOP_END(e.ts, INTERVAL '5' SECOND, INTERVAL '10' SECOND), COUNT(*), MAX(v)
FROM events AS e
GROUP BY HOP(e.ts, INTERVAL '5' SECOND, INTERVAL '10' SECOND), k
HAVING COUNT(*) > 1;

INSERT INTO sessions
SELECT k, SESSION_START(ts, INTERVAL '4' SECOND), SESSION_END(ts, INTERVAL '4' SECOND), COUNT(*), SUM(v)
FROM events
GROUP BY k, SESSION(ts, INTERVAL '4' SECOND);
