-- TUMBLE with named arguments (DATA, TIMECOL, SIZE and OFFSET), in two INSERTs: 10 s windows
-- without an offset and with OFFSET => 2 s. Bids arrive out of order within the 3 s watermark
-- delay; bids 12 and 16 are late by far more than that and are dropped by both queries.
-- weir-parallelism-1-only: the case has late rows; at parallelism 2 whether a row is late depends on
-- when the other (empty) source subtask's end of input reaches the window, a race in Flink as well.
CREATE TABLE bids (
  bid_id BIGINT,
  auction BIGINT,
  price DECIMAL(10, 2),
  bidder STRING,
  bid_time TIMESTAMP(3),
  WATERMARK FOR bid_time AS bid_time - INTERVAL '3' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/input.csv',
  'format' = 'csv'
);

CREATE TABLE per_auction (
  auction BIGINT,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  bids BIGINT,
  max_price DECIMAL(10, 2),
  bidders BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE per_bidder (
  bidder STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  bids BIGINT,
  total DECIMAL(38, 2)
) WITH ('connector' = 'blackhole');

INSERT INTO per_auction
SELECT auction, window_start, window_end, COUNT(*) AS bids, MAX(price) AS max_price,
       COUNT(DISTINCT bidder) AS bidders
FROM TABLE(TUMBLE(DATA => TABLE bids, TIMECOL => DESCRIPTOR(bid_time), SIZE => INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end;

INSERT INTO per_bidder
SELECT bidder, window_start, window_end, COUNT(*) AS bids, SUM(price) AS total
FROM TABLE(TUMBLE(DATA => TABLE bids, TIMECOL => DESCRIPTOR(bid_time), SIZE => INTERVAL '10' SECOND,
                  `OFFSET` => INTERVAL '2' SECOND))
GROUP BY bidder, window_start, window_end;
