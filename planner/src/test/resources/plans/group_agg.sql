-- Non-windowed GROUP BY: an updating GroupAggregate, a filter above it, into a print sink.
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

CREATE TABLE per_auction (
  auction BIGINT,
  bids    BIGINT,
  total   BIGINT,
  lowest  BIGINT,
  highest BIGINT,
  average BIGINT,
  bidders BIGINT
) WITH ('connector' = 'print');

SET 'table.exec.state.ttl' = '1 h';

EXPLAIN INSERT INTO per_auction
SELECT * FROM (
  SELECT auction, COUNT(*) AS bids, SUM(price) AS total, MIN(price) AS lowest, MAX(price) AS highest,
         AVG(price) AS average, COUNT(DISTINCT bidder) AS bidders
  FROM bids
  WHERE price > 0
  GROUP BY auction
) WHERE bids > 1;
