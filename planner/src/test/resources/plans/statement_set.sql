-- EXPLAIN of a statement set: both INSERTs' logical plans, then one physical plan with a sink per INSERT.
CREATE TABLE clicks (
  user_id STRING,
  url     STRING,
  ts      TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen', 'number-of-rows' = '10');

CREATE TABLE per_user (user_id STRING, window_start TIMESTAMP(3), clicks BIGINT) WITH ('connector' = 'blackhole');
CREATE TABLE urls (url STRING) WITH ('connector' = 'blackhole');

EXPLAIN STATEMENT SET BEGIN
INSERT INTO per_user
SELECT user_id, window_start, COUNT(*)
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY user_id, window_start, window_end;
INSERT INTO urls SELECT url FROM clicks WHERE CHAR_LENGTH(url) > 5;
END;
