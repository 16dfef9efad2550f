-- TUMBLE of 1 minute with a 15 s offset (positional arguments): windows run [hh:mm:15, hh:mm+1:15).
-- Rows sit on both sides of a window boundary (10:00:14.900 / 10:00:15.000, 10:03:14.999); row 4
-- is out of order within the 5 s watermark delay and counts; rows 8 and 11 arrive after their
-- window fired (40 s and 20 s behind) and are dropped; row 16 (10:03:14) is only 6 s behind but
-- the watermark (10:03:15) has just passed its window's end, so it is dropped too. Duplicate keys.
-- weir-parallelism-1-only: the case has late rows; at parallelism 2 whether a row is late depends on
-- when the other (empty) source subtask's end of input reaches the window, a race in Flink as well.
CREATE TABLE orders (
  order_id BIGINT,
  user_name STRING,
  amount INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/input.csv',
  'format' = 'csv'
);

CREATE TABLE results (
  user_name STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  cnt BIGINT,
  total INT,
  smallest INT,
  first_order BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO results
SELECT user_name, window_start, window_end, COUNT(*) AS cnt, SUM(amount) AS total, MIN(amount) AS smallest,
       MIN(order_id) AS first_order
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '15' SECOND))
GROUP BY user_name, window_start, window_end;
