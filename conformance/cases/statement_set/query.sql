-- EXECUTE STATEMENT SET: two INSERTs over the same table run as one job (a TUMBLE aggregation and a
-- filtered projection), each with its own sink. Rows arrive out of order only within the 2 s
-- watermark delay, so nothing is late. The oracle runs each INSERT's query on its own (it cannot read
-- a statement set), which gives the same rows: the expected file was written from this script with
-- the EXECUTE STATEMENT SET BEGIN and END lines removed.
CREATE TABLE clicks (
  user_id STRING,
  url STRING,
  amount INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/input.csv',
  'format' = 'csv'
);

CREATE TABLE per_user (
  user_id STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  clicks BIGINT,
  total INT
) WITH ('connector' = 'blackhole');

CREATE TABLE big_clicks (
  user_id STRING,
  page STRING,
  doubled INT
) WITH ('connector' = 'blackhole');

EXECUTE STATEMENT SET
BEGIN
INSERT INTO per_user
SELECT user_id, window_start, window_end, COUNT(*) AS clicks, SUM(amount) AS total
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY user_id, window_start, window_end;
INSERT INTO big_clicks
SELECT user_id, UPPER(url) AS page, amount * 2 AS doubled
FROM clicks
WHERE amount > 5;
END;
