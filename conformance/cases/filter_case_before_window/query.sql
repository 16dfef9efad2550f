-- WHERE and CASE before a TUMBLE aggregation: a view filters (amount > 0, category <> 'test',
-- which also drops the NULL category and the NULL amount) and classifies rows with CASE; the
-- window counts per class. A second query filters on the TVF's output and aggregates CASE
-- expressions. Rows 13 and 18 are late by far more than the 2 s watermark delay and are dropped.
-- weir-parallelism-1-only: the case has late rows; at parallelism 2 whether a row is late depends on
-- when the other (empty) source subtask's end of input reaches the window, a race in Flink as well.
CREATE TABLE sales (
  id BIGINT,
  category STRING,
  amount INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/input.json',
  'format' = 'json'
);

CREATE TEMPORARY VIEW classified AS
SELECT id, category, amount, ts,
       CASE WHEN amount >= 100 THEN 'large' WHEN amount >= 10 THEN 'medium' ELSE 'small' END AS size_class
FROM sales
WHERE amount > 0 AND category <> 'test';

CREATE TABLE by_class (
  size_class STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  cnt BIGINT,
  total INT
) WITH ('connector' = 'blackhole');

CREATE TABLE by_category (
  category STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  cnt BIGINT,
  large_total INT,
  small_count INT
) WITH ('connector' = 'blackhole');

INSERT INTO by_class
SELECT size_class, window_start, window_end, COUNT(*) AS cnt, SUM(amount) AS total
FROM TABLE(TUMBLE(TABLE classified, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY size_class, window_start, window_end;

INSERT INTO by_category
SELECT category, window_start, window_end, COUNT(*) AS cnt,
       SUM(CASE WHEN amount >= 100 THEN amount ELSE 0 END) AS large_total,
       SUM(CASE WHEN amount < 10 THEN 1 ELSE 0 END) AS small_count
FROM TABLE(TUMBLE(TABLE sales, DESCRIPTOR(ts), INTERVAL '10' SECOND))
WHERE category IS NOT NULL AND category NOT IN ('test')
GROUP BY category, window_start, window_end;
