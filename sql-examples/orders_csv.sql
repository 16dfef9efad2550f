-- Order totals per customer in 10-second tumbling windows, from a CSV file into CSV files.
--
-- The input (sql-examples/data/orders.csv) arrives slightly out of order. The watermark trails
-- the largest event time seen by 3 seconds, so a row up to 3 s late still counts; order 9
-- (10:00:03, arriving after 10:00:21 was seen) is later than that: its window has already
-- closed, so it is dropped and counted as late in the job summary.
-- The sink writes part files into out/order_totals/ that become visible when the job finishes
-- (or at each checkpoint): a failed run leaves no partial output behind.
-- Run it with:  ./bin/weir run sql-examples/orders_csv.sql

CREATE TEMPORARY TABLE orders (
  order_id  BIGINT,
  customer  STRING,
  amount    DECIMAL(10, 2),
  order_ts  TIMESTAMP(3),
  WATERMARK FOR order_ts AS order_ts - INTERVAL '3' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/orders.csv',
  'format' = 'csv'
);

CREATE TEMPORARY TABLE order_totals (
  customer     STRING,
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  orders       BIGINT,
  total        DECIMAL(10, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/order_totals',
  'format' = 'csv'
);

INSERT INTO order_totals
SELECT customer, window_start, window_end, COUNT(*), SUM(amount)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(order_ts), INTERVAL '10' SECOND))
GROUP BY customer, window_start, window_end;
