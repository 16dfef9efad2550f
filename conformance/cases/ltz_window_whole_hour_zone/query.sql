-- Windows over a TIMESTAMP_LTZ rowtime in a whole-hour zone without daylight saving ('GMT+05:00'):
-- TUMBLE, HOP and CUMULATE windows align to local hours and quarters, SESSION windows and the legacy
-- GROUP BY SESSION(ts, gap) report local window_start/window_end (TIMESTAMP(3)) and an LTZ
-- window_time / SESSION_ROWTIME. The watermark is 1 minute behind. Late rows: row 7 (31 minutes
-- behind) for its hour, its first HOP window and its first CUMULATE steps, but it still counts in
-- the HOP window [09:30, 10:30) local; row 12 (32 minutes behind) likewise for the next hour, and
-- for its session, which has already fired.
-- weir-parallelism-1-only: the case has late rows; at parallelism 2 whether a row is late depends on
-- when the other (empty) source subtask's end of input reaches the window, a race in Flink as well.
SET 'table.local-time-zone' = 'GMT+05:00';

CREATE TABLE readings (
  id BIGINT,
  device STRING,
  v INT,
  epoch_ms BIGINT,
  ts AS TO_TIMESTAMP_LTZ(epoch_ms, 3),
  WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/input.csv',
  'format' = 'csv'
);

CREATE TABLE hourly (
  device STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  window_time TIMESTAMP_LTZ(3),
  n BIGINT,
  total INT
) WITH ('connector' = 'blackhole');

CREATE TABLE hopping (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  n BIGINT,
  total INT
) WITH ('connector' = 'blackhole');

CREATE TABLE cumulative (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  n BIGINT,
  total INT
) WITH ('connector' = 'blackhole');

CREATE TABLE sessions (
  device STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  window_time TIMESTAMP_LTZ(3),
  n BIGINT,
  total INT
) WITH ('connector' = 'blackhole');

CREATE TABLE legacy_sessions (
  device STRING,
  s_start TIMESTAMP(3),
  s_end TIMESTAMP(3),
  s_rowtime TIMESTAMP_LTZ(3),
  n BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO hourly
SELECT device, window_start, window_end, window_time, COUNT(*) AS n, SUM(v) AS total
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '1' HOUR))
GROUP BY device, window_start, window_end, window_time;

INSERT INTO hopping
SELECT window_start, window_end, COUNT(*) AS n, SUM(v) AS total
FROM TABLE(HOP(TABLE readings, DESCRIPTOR(ts), INTERVAL '30' MINUTE, INTERVAL '1' HOUR))
GROUP BY window_start, window_end;

INSERT INTO cumulative
SELECT window_start, window_end, COUNT(*) AS n, SUM(v) AS total
FROM TABLE(CUMULATE(TABLE readings, DESCRIPTOR(ts), INTERVAL '15' MINUTE, INTERVAL '1' HOUR))
GROUP BY window_start, window_end;

INSERT INTO sessions
SELECT device, window_start, window_end, window_time, COUNT(*) AS n, SUM(v) AS total
FROM TABLE(SESSION(TABLE readings PARTITION BY device, DESCRIPTOR(ts), INTERVAL '10' MINUTE))
GROUP BY device, window_start, window_end, window_time;

INSERT INTO legacy_sessions
SELECT device, SESSION_START(ts, INTERVAL '10' MINUTE), SESSION_END(ts, INTERVAL '10' MINUTE),
       SESSION_ROWTIME(ts, INTERVAL '10' MINUTE), COUNT(*)
FROM readings
GROUP BY device, SESSION(ts, INTERVAL '10' MINUTE);
