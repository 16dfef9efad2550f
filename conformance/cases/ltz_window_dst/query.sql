-- Windows over a TIMESTAMP_LTZ rowtime in a zone with daylight saving ('America/Los_Angeles'),
-- around the US DST start (2024-03-10, 02:00 PST -> 03:00 PDT) and end (2024-11-03, 02:00 PDT ->
-- 01:00 PST). Windows are computed on local time: the local day 2024-03-10 is 23 hours long and
-- 2024-11-03 is 25 hours; the local hour 01:00-02:00 of 2024-11-03 happens twice and is one window
-- of two hours, firing after the second one (rows 15-18 all count in it). A window fires when the
-- watermark (1 minute behind) passes the instant of its local end - 1 ms. Sessions are built on
-- local time too: rows 4 and 5 are 20 minutes apart but 80 local minutes (the skipped hour), so
-- they are in two sessions; the session of rows 3-4 ends at the skipped local time 02:20.
-- Late rows: row 8 (09:30Z, local 01:30 on 2024-03-10) for its hour, its first 6-hour CUMULATE
-- step and its session, but not its day nor its later CUMULATE windows; row 11 (local 22:45 on the
-- 23-hour day 2024-03-10) arrives after that day has fired, so it is in no window.
-- weir-parallelism-1-only: the case has late rows; at parallelism 2 whether a row is late depends on
-- when the other (empty) source subtask's end of input reaches the window, a race in Flink as well.
SET 'table.local-time-zone' = 'America/Los_Angeles';

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
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  window_time TIMESTAMP_LTZ(3),
  n BIGINT,
  total INT,
  first_ts TIMESTAMP_LTZ(3)
) WITH ('connector' = 'blackhole');

CREATE TABLE daily (
  day_start TIMESTAMP(3),
  day_end TIMESTAMP(3),
  day_time TIMESTAMP_LTZ(3),
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
  id_sum BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO hourly
SELECT window_start, window_end, window_time, COUNT(*) AS n, SUM(v) AS total, MIN(ts) AS first_ts
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '1' HOUR))
GROUP BY window_start, window_end, window_time;

INSERT INTO daily
SELECT TUMBLE_START(ts, INTERVAL '1' DAY), TUMBLE_END(ts, INTERVAL '1' DAY),
       TUMBLE_ROWTIME(ts, INTERVAL '1' DAY), COUNT(*), SUM(v)
FROM readings
GROUP BY TUMBLE(ts, INTERVAL '1' DAY);

INSERT INTO cumulative
SELECT window_start, window_end, COUNT(*) AS n, SUM(v) AS total
FROM TABLE(CUMULATE(TABLE readings, DESCRIPTOR(ts), INTERVAL '6' HOUR, INTERVAL '1' DAY))
GROUP BY window_start, window_end;

INSERT INTO sessions
SELECT device, window_start, window_end, window_time, COUNT(*) AS n, SUM(id) AS id_sum
FROM TABLE(SESSION(TABLE readings PARTITION BY device, DESCRIPTOR(ts), INTERVAL '30' MINUTE))
GROUP BY device, window_start, window_end, window_time;
