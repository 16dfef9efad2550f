-- Legacy group windows (GROUP BY TUMBLE(ts, ...) with TUMBLE_START/_END/_ROWTIME) run as the window TVF.
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
  wstart       TIMESTAMP(3),
  wend         TIMESTAMP(3),
  wtime        TIMESTAMP(3),
  bids         BIGINT
) WITH ('connector' = 'print');

EXPLAIN INSERT INTO stats
SELECT auction, TUMBLE_START(ts, INTERVAL '10' SECOND), TUMBLE_END(ts, INTERVAL '10' SECOND),
       TUMBLE_ROWTIME(ts, INTERVAL '10' SECOND), COUNT(*)
FROM bids AS b
WHERE price > 10
GROUP BY auction, TUMBLE(b.ts, INTERVAL '10' SECOND)
HAVING COUNT(*) > 1;
