-- Allowed lateness: the window aggregate keeps fired windows 1 min longer and emits updates;
-- CURRENT_WATERMARK routes late rows (the Calc reads the watermark).
CREATE TABLE clicks (
  user_id STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
CREATE TABLE late_clicks (user_id STRING, ts TIMESTAMP(3), wm TIMESTAMP(3)) WITH ('connector' = 'blackhole');
SET 'table.exec.emit.allow-lateness' = '1 min';
EXPLAIN SELECT user_id, window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY user_id, window_start, window_end;
EXPLAIN INSERT INTO late_clicks SELECT user_id, ts, CURRENT_WATERMARK(ts) FROM clicks
WHERE ts <= CURRENT_WATERMARK(ts);
