-- Outer joins and joins over changelogs. customers has c4 without orders; orders has c9 without a
-- customer and 'C1' (matching c1 only through the UPPER() key expression of the last query). Order
-- 7 and customer 'Nobody' have an empty id: an empty CSV field of a STRING column is the empty
-- string (not NULL, as in Flink), so they match. The aggregate input of the fourth query is
-- updating, so the join retracts and re-emits its rows.
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

CREATE TABLE full_joined (
  order_id BIGINT,
  name STRING,
  qty INT
) WITH ('connector' = 'blackhole');

CREATE TABLE totals (
  name STRING,
  country STRING,
  total INT
) WITH ('connector' = 'blackhole');

INSERT INTO full_joined
SELECT o.order_id, c.name, o.qty
FROM orders AS o FULL OUTER JOIN customers AS c ON o.customer_id = c.customer_id;

INSERT INTO full_joined
SELECT o.order_id, c.name, o.qty
FROM orders AS o RIGHT JOIN customers AS c ON o.customer_id = c.customer_id AND o.qty > 1;

INSERT INTO full_joined
SELECT o.order_id, c.name, o.qty
FROM orders AS o LEFT JOIN customers AS c ON o.customer_id = c.customer_id WHERE c.country = 'DE' OR c.country IS NULL;

INSERT INTO totals
SELECT c.name, c.country, t.total
FROM (SELECT customer_id, SUM(qty) AS total FROM orders GROUP BY customer_id) AS t
JOIN customers AS c ON t.customer_id = c.customer_id;

INSERT INTO full_joined
SELECT o.order_id, c.name, o.qty
FROM orders AS o JOIN customers AS c ON UPPER(o.customer_id) = UPPER(c.customer_id);
