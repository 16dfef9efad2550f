-- Time functions in a plain projection: DATE_FORMAT, TO_TIMESTAMP (default and explicit format),
-- TO_TIMESTAMP_LTZ (milliseconds and seconds), FROM_UNIXTIME (default and explicit format) and
-- UNIX_TIMESTAMP on explicit strings. The session zone matters for the LTZ rendering,
-- FROM_UNIXTIME and UNIX_TIMESTAMP: the same query runs in UTC, then in Asia/Kolkata (+05:30).
SET 'table.local-time-zone' = 'UTC';

CREATE TABLE times (
  id INT,
  ts TIMESTAMP(3),
  ts_text STRING,
  epoch_ms BIGINT,
  epoch_s BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/input.csv',
  'format' = 'csv'
);

CREATE TABLE out_times (
  id INT,
  formatted STRING,
  formatted_day STRING,
  parsed TIMESTAMP(3),
  parsed_with_format TIMESTAMP(3),
  ltz_ms TIMESTAMP_LTZ(3),
  ltz_s TIMESTAMP_LTZ(3),
  from_unix STRING,
  from_unix_day STRING,
  unix_default BIGINT,
  unix_with_format BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO out_times
SELECT id,
       DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm:ss') AS formatted,
       DATE_FORMAT(ts, 'yyyyMMdd') AS formatted_day,
       TO_TIMESTAMP(DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm:ss')) AS parsed,
       TO_TIMESTAMP(ts_text, 'yyyy/MM/dd HH:mm:ss') AS parsed_with_format,
       TO_TIMESTAMP_LTZ(epoch_ms, 3) AS ltz_ms,
       TO_TIMESTAMP_LTZ(epoch_s, 0) AS ltz_s,
       FROM_UNIXTIME(epoch_s) AS from_unix,
       FROM_UNIXTIME(epoch_s, 'yyyy-MM-dd') AS from_unix_day,
       UNIX_TIMESTAMP('2024-01-01 00:00:00') AS unix_default,
       UNIX_TIMESTAMP(ts_text, 'yyyy/MM/dd HH:mm:ss') AS unix_with_format
FROM times;

SET 'table.local-time-zone' = 'Asia/Kolkata';

INSERT INTO out_times
SELECT id,
       DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm:ss') AS formatted,
       DATE_FORMAT(ts, 'yyyyMMdd') AS formatted_day,
       TO_TIMESTAMP(DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm:ss')) AS parsed,
       TO_TIMESTAMP(ts_text, 'yyyy/MM/dd HH:mm:ss') AS parsed_with_format,
       TO_TIMESTAMP_LTZ(epoch_ms, 3) AS ltz_ms,
       TO_TIMESTAMP_LTZ(epoch_s, 0) AS ltz_s,
       FROM_UNIXTIME(epoch_s) AS from_unix,
       FROM_UNIXTIME(epoch_s, 'yyyy-MM-dd') AS from_unix_day,
       UNIX_TIMESTAMP('2024-01-01 00:00:00') AS unix_default,
       UNIX_TIMESTAMP(ts_text, 'yyyy/MM/dd HH:mm:ss') AS unix_with_format
FROM times;
