-- Deduplication: the last row per bidder on event time (ROW_NUMBER ... ORDER BY ts DESC = 1), an updating result.
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

CREATE TABLE latest (
  bidder  STRING,
  price   BIGINT,
  rn      BIGINT
) WITH ('connector' = 'print');

EXPLAIN INSERT INTO latest
SELECT bidder, price * 2, rn
FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder ORDER BY ts DESC) AS rn FROM bids WHERE price > 0)
WHERE rn = 1;
