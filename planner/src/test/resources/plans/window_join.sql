-- Window join: two TUMBLE table functions joined on window_start, window_end and a key (a FULL
-- join, insert-only: each window is joined once when it fires), with a non-equi condition.
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

CREATE TABLE asks (
  id        BIGINT,
  auction   BIGINT,
  price     BIGINT,
  ts        TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '100'
);

CREATE TABLE matched (
  auction      BIGINT,
  bid          BIGINT,
  ask          BIGINT,
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3)
) WITH ('connector' = 'print');

EXPLAIN INSERT INTO matched
SELECT COALESCE(B.auction, A.auction), B.price, A.price, COALESCE(B.window_start, A.window_start),
       COALESCE(B.window_end, A.window_end)
FROM (SELECT * FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))) B
FULL JOIN (SELECT * FROM TABLE(TUMBLE(TABLE asks, DESCRIPTOR(ts), INTERVAL '10' SECOND))) A
ON B.auction = A.auction AND B.window_start = A.window_start AND B.window_end = A.window_end
   AND B.price >= A.price;
