-- Cascading windows: a 10-second TUMBLE per auction, then a 1-minute HOP over its window_time.
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

CREATE VIEW per_10s AS
SELECT auction, window_time AS rowtime, COUNT(*) AS bids
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end, window_time;

CREATE TABLE busiest (
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  most_bids    BIGINT
) WITH ('connector' = 'print');

EXPLAIN INSERT INTO busiest
SELECT window_start, window_end, MAX(bids)
FROM TABLE(HOP(TABLE per_10s, DESCRIPTOR(rowtime), INTERVAL '30' SECOND, INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;
