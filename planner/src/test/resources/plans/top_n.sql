-- Top-N: the three highest prices per auction with their rank (an updating result).
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

CREATE TABLE top3 (
  auction BIGINT,
  bidder  STRING,
  price   BIGINT,
  rn      BIGINT
) WITH ('connector' = 'print');

EXPLAIN INSERT INTO top3
SELECT auction, bidder, price, rn
FROM (SELECT auction, bidder, price, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC, id) AS rn FROM bids)
WHERE rn <= 3;
