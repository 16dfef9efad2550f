-- OVER aggregation on event time: running totals per bidder (ROWS UNBOUNDED), the last 3 bids
-- (ROWS 2 PRECEDING) and the last 10 seconds (RANGE INTERVAL), each an insert-only result.
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

CREATE TABLE totals (
  bidder  STRING,
  ts      TIMESTAMP(3),
  cnt     BIGINT,
  total   BIGINT,
  avg_price BIGINT
) WITH ('connector' = 'blackhole');

EXPLAIN INSERT INTO totals
SELECT bidder, ts,
       COUNT(*) OVER w, SUM(price) OVER w, AVG(price) OVER w
FROM bids
WHERE price > 0
WINDOW w AS (PARTITION BY bidder ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);

EXPLAIN INSERT INTO totals
SELECT bidder, ts,
       COUNT(*) OVER (PARTITION BY bidder ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW),
       MIN(price) OVER (PARTITION BY bidder ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW),
       MAX(price) OVER (PARTITION BY bidder ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
FROM bids;

EXPLAIN INSERT INTO totals
SELECT bidder, ts,
       COUNT(*) OVER w, SUM(price) OVER w, MAX(price) OVER w
FROM bids
WINDOW w AS (PARTITION BY bidder ORDER BY ts RANGE BETWEEN INTERVAL '10' SECOND PRECEDING AND CURRENT ROW);
