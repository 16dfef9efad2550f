-- CUMULATE: windows growing by one step up to a day, with an offset, and MIN/MAX/SUM.
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

CREATE TABLE daily (
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  lowest       BIGINT,
  highest      BIGINT,
  total        BIGINT
) WITH ('connector' = 'blackhole');

EXPLAIN INSERT INTO daily
SELECT window_start, window_end, MIN(price), MAX(price), SUM(price)
FROM TABLE(CUMULATE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' HOUR, INTERVAL '1' DAY, INTERVAL '2' HOUR))
GROUP BY window_start, window_end;
