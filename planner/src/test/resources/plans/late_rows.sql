-- LATE_ROWS: the rows the window drops as late (the whole row of clicks) go through a Calc into late_clicks.
CREATE TABLE clicks (
  user_id STRING,
  url     STRING,
  ts      TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen', 'number-of-rows' = '10');

CREATE TABLE per_user (user_id STRING, window_start TIMESTAMP(3), clicks BIGINT) WITH ('connector' = 'blackhole');
CREATE TABLE late_clicks (user_id STRING, url STRING, ts TIMESTAMP(3)) WITH ('connector' = 'blackhole');

EXPLAIN INSERT INTO per_user
SELECT /*+ LATE_ROWS('late_clicks') */ user_id, window_start, COUNT(*)
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY user_id, window_start, window_end;
