-- Aggregations over a LEFT JOIN's updating result. Orders of a customer not seen yet join as
-- NULL-padded rows, which the join retracts (-D) when the customer arrives; the aggregates take
-- them back: the NULL-country group shrinks to the orders that never match (c8, c9), and a
-- country's MIN/MAX/COUNT(DISTINCT) follow the retractions. c1 appears twice in customers, so its
-- orders join twice (under both names); Fay (c6) has no orders, so the FULL JOIN pads her row
-- (COUNT(o.order_id) 0, SUM NULL). How the two files interleave is timing (in Flink too); the
-- final rows are not.
CREATE TABLE orders (
  order_id BIGINT,
  customer_id STRING,
  qty INT
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/orders.csv',
  'format' = 'csv'
);

CREATE TABLE customers (
  customer_id STRING,
  name STRING,
  country STRING
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/customers.csv',
  'format' = 'csv'
);

CREATE TABLE per_country (
  country STRING,
  orders BIGINT,
  named BIGINT,
  qty INT,
  smallest INT,
  biggest INT,
  average INT,
  buyers BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE totals (
  joined_rows BIGINT,
  unmatched BIGINT,
  qty INT,
  names BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE per_name (
  name STRING,
  orders BIGINT,
  qty INT
) WITH ('connector' = 'blackhole');

INSERT INTO per_country
SELECT c.country, COUNT(*) AS orders, COUNT(c.name) AS named, SUM(o.qty) AS qty, MIN(o.qty) AS smallest,
  MAX(o.qty) AS biggest, AVG(o.qty) AS average, COUNT(DISTINCT o.customer_id) AS buyers
FROM orders AS o LEFT JOIN customers AS c ON o.customer_id = c.customer_id
GROUP BY c.country;

INSERT INTO totals
SELECT COUNT(*) AS joined_rows, COUNT(*) FILTER (WHERE c.name IS NULL) AS unmatched, SUM(o.qty) AS qty,
  COUNT(DISTINCT c.name) AS names
FROM orders AS o LEFT JOIN customers AS c ON o.customer_id = c.customer_id;

INSERT INTO per_name
SELECT c.name, COUNT(o.order_id) AS orders, SUM(o.qty) AS qty
FROM orders AS o FULL OUTER JOIN customers AS c ON o.customer_id = c.customer_id
GROUP BY c.name;
