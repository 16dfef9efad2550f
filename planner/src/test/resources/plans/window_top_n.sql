-- Window Top-N over a HOP table function (the three highest bids per auction and window, with
-- their rank) and window deduplication over a window aggregation: both insert-only, emitted when
-- the window fires.
CREATE TABLE bids (
  id        BIGINT,
  auction   BIGINT,
  price     BIGINT,
  ts        TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '100'
);

CREATE TABLE top3 (
  auction      BIGINT,
  price        BIGINT,
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  rn           BIGINT
) WITH ('connector' = 'print');

CREATE TABLE last_bid (
  auction      BIGINT,
  id           BIGINT,
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3)
) WITH ('connector' = 'print');

EXPLAIN INSERT INTO top3
SELECT auction, price, window_start, window_end, rn
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, auction ORDER BY price DESC) AS rn
  FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
)
WHERE rn <= 3;

EXPLAIN INSERT INTO last_bid
SELECT auction, id, window_start, window_end
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, auction ORDER BY ts DESC) AS rn
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))
)
WHERE rn = 1;
