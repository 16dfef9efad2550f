-- SESSION windows partitioned by a key (Flink's PARTITION BY), with window_time for cascading, and the
-- SESSION table function on its own.
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
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  window_time  TIMESTAMP(3),
  bids         BIGINT,
  top_price    BIGINT
) WITH ('connector' = 'print');

EXPLAIN INSERT INTO stats
SELECT auction, window_start, window_end, window_time, COUNT(*), MAX(price)
FROM TABLE(SESSION(TABLE bids PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '30' SECOND))
GROUP BY auction, window_start, window_end, window_time;

-- The rows of each session, without aggregation: they wait for their session to close.
CREATE TABLE bid_sessions (
  id           BIGINT,
  auction      BIGINT,
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3)
) WITH ('connector' = 'print');

EXPLAIN INSERT INTO bid_sessions
SELECT id, auction, window_start, window_end
FROM TABLE(SESSION(TABLE bids PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '30' SECOND));
