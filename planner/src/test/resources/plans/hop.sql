-- HOP (slide before size, as in Flink) with COUNT DISTINCT, AVG and FILTER, grouped by window_time too.
CREATE TABLE bids (
  id        BIGINT,
  auction   BIGINT,
  price     BIGINT,
  bidder    STRING,
  ts        TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '100'
);

CREATE TABLE stats (
  auction      BIGINT,
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  window_time  TIMESTAMP(3),
  bids         BIGINT,
  bidders      BIGINT,
  average      BIGINT,
  expensive    BIGINT
) WITH ('connector' = 'print');

EXPLAIN INSERT INTO stats
SELECT auction, window_start, window_end, window_time,
       COUNT(*),
       COUNT(DISTINCT bidder),
       AVG(price),
       COUNT(*) FILTER (WHERE price > 1000)
FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
GROUP BY auction, window_start, window_end, window_time;
