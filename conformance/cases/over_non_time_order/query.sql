-- OVER aggregates ordered by a non-time column, and over an updating input (Flink's non-time
-- unbounded-preceding OVER): the result is updating, a row arriving earlier in the order changes
-- the aggregates of every row after it. Covered:
-- rows_running: ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, ORDER BY s (no ties: Flink's order
--   of tied rows is its arrival order per partition, which differs between engines at parallelism 2),
--   COUNT/SUM/MIN/MAX/AVG over a column with NULLs; rows arriving below earlier ones (ids 2, 5, 8, 12).
-- (Flink 2.3 orders an OVER window by a single column: "The window can only be ordered by a single
--   time column.") and ascending only ("The window can only be ordered in ASCENDING mode.").
-- range_default: the default frame of ORDER BY (RANGE UNBOUNDED PRECEDING) on v, with ties
--   (a: v 3 twice, b: v 7 twice, c: v 4 twice), which see each other.
-- rows_global: no PARTITION BY, ROWS ordered by s.
-- over_group: ORDER BY a GROUP BY's count (an updating input), RANGE with ties.
-- over_changelog: a debezium-json changelog (deletes, updates moving a row within and across
--   partitions, a NULL order key, a partition emptied), RANGE ordered by price.
CREATE TABLE t (
  id INT,
  k STRING,
  v INT,
  w INT,
  s INT
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/t.json',
  'format' = 'json'
);

CREATE TABLE products (
  id INT,
  cat STRING,
  price INT
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/products.json',
  'format' = 'debezium-json'
);

CREATE TABLE rows_running (
  id INT,
  k STRING,
  v INT,
  cnt BIGINT,
  total INT,
  lo INT,
  hi INT,
  mean INT
) WITH ('connector' = 'blackhole');

CREATE TABLE range_default (
  id INT,
  k STRING,
  v INT,
  cnt BIGINT,
  total INT
) WITH ('connector' = 'blackhole');

CREATE TABLE rows_global (
  id INT,
  v INT,
  cnt BIGINT,
  total INT
) WITH ('connector' = 'blackhole');

CREATE TABLE over_group (
  k STRING,
  n BIGINT,
  cnt BIGINT,
  total BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE over_changelog (
  id INT,
  cat STRING,
  price INT,
  cnt BIGINT,
  total INT
) WITH ('connector' = 'blackhole');

INSERT INTO rows_running
SELECT id, k, v,
       COUNT(*) OVER w AS cnt,
       SUM(w) OVER w AS total,
       MIN(w) OVER w AS lo,
       MAX(w) OVER w AS hi,
       AVG(w) OVER w AS mean
FROM t
WINDOW w AS (PARTITION BY k ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);

INSERT INTO range_default
SELECT id, k, v,
       COUNT(*) OVER (PARTITION BY k ORDER BY v) AS cnt,
       SUM(v) OVER (PARTITION BY k ORDER BY v) AS total
FROM t;

INSERT INTO rows_global
SELECT id, v,
       COUNT(*) OVER (ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cnt,
       SUM(v) OVER (ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS total
FROM t;

INSERT INTO over_group
SELECT k, n,
       COUNT(*) OVER (ORDER BY n RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cnt,
       SUM(n) OVER (ORDER BY n RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS total
FROM (SELECT k, COUNT(*) AS n FROM t GROUP BY k);

INSERT INTO over_changelog
SELECT id, cat, price,
       COUNT(*) OVER (PARTITION BY cat ORDER BY price) AS cnt,
       SUM(price) OVER (PARTITION BY cat ORDER BY price) AS total
FROM products;
