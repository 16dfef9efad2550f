-- Window aggregates of every supported kind, with a WHERE filter and a CASE.
CREATE TABLE bids (
  id        BIGINT,
  auction   BIGINT,
  price     BIGINT,
  bidder    STRING,
  ts        TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '100',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '1',
  'fields.id.end' = '100'
);

CREATE TABLE stats (
  auction      BIGINT,
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  bids         BIGINT,
  bidders      BIGINT,
  total        BIGINT,
  lowest       BIGINT,
  highest      BIGINT,
  average      BIGINT,
  expensive    BIGINT
) WITH ('connector' = 'print');

EXPLAIN INSERT INTO stats
SELECT auction, window_start, window_end,
       COUNT(*),
       COUNT(DISTINCT bidder),
       SUM(price),
       MIN(price),
       MAX(price),
       AVG(price),
       SUM(CASE WHEN price > 1000 THEN 1 ELSE 0 END)
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
WHERE price > 0 AND bidder IS NOT NULL
GROUP BY window_start, window_end, auction;
