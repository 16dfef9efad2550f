-- Scalar functions in a projection over a TUMBLE result (a subquery aggregates, the outer query
-- formats): CONCAT, DATE_FORMAT on window_start, UPPER, LOWER, IF on an aggregate, COALESCE of
-- an aggregate that is NULL when a window has no errors, CHAR_LENGTH, arithmetic and CAST.
-- Rows 9 and 14 are late by far more than the 2 s watermark delay and are dropped.
-- weir-parallelism-1-only: the case has late rows; at parallelism 2 whether a row is late depends on
-- when the other (empty) source subtask's end of input reaches the window, a race in Flink as well.
CREATE TABLE requests (
  id BIGINT,
  channel STRING,
  status STRING,
  latency_ms INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/input.csv',
  'format' = 'csv'
);

CREATE TABLE report (
  label STRING,
  channel_upper STRING,
  window_end TIMESTAMP(3),
  requests BIGINT,
  load STRING,
  first_error STRING,
  label_len INT,
  total_latency_s DOUBLE,
  avg_text STRING
) WITH ('connector' = 'blackhole');

INSERT INTO report
SELECT CONCAT(LOWER(channel), '@', DATE_FORMAT(window_start, 'HH:mm:ss')) AS label,
       UPPER(channel) AS channel_upper,
       window_end,
       cnt AS requests,
       IF(cnt >= 2, 'busy', 'quiet') AS load,
       COALESCE(CAST(first_error_id AS STRING), 'none') AS first_error,
       CHAR_LENGTH(CONCAT(channel, DATE_FORMAT(window_start, 'HH:mm:ss'))) AS label_len,
       CAST(total_latency AS DOUBLE) / 1000 AS total_latency_s,
       CAST(avg_latency AS STRING) AS avg_text
FROM (
  SELECT channel, window_start, window_end, COUNT(*) AS cnt,
         MIN(CASE WHEN status = 'error' THEN id END) AS first_error_id,
         SUM(latency_ms) AS total_latency, AVG(latency_ms) AS avg_latency
  FROM TABLE(TUMBLE(TABLE requests, DESCRIPTOR(ts), INTERVAL '10' SECOND))
  GROUP BY channel, window_start, window_end
);
