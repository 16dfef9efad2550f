-- Regular (non-windowed) joins: INNER JOIN keeps orders whose customer exists (c1 appears twice
-- in customers, so its orders join twice; c9 has no customer); LEFT JOIN keeps every order, with
-- NULLs for a missing customer; an aggregate over the join is updating.
CREATE TABLE orders (
  order_id BIGINT,
  customer_id STRING,
  product STRING,
  qty INT,
  ts TIMESTAMP(3)
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

CREATE TABLE joined (
  order_id BIGINT,
  name STRING,
  country STRING,
  qty INT
) WITH ('connector' = 'blackhole');

CREATE TABLE per_country (
  country STRING,
  orders BIGINT,
  qty INT
) WITH ('connector' = 'blackhole');

INSERT INTO joined
SELECT o.order_id, c.name, c.country, o.qty
FROM orders AS o JOIN customers AS c ON o.customer_id = c.customer_id;

INSERT INTO joined
SELECT o.order_id, c.name, c.country, o.qty
FROM orders AS o LEFT JOIN customers AS c ON o.customer_id = c.customer_id;

INSERT INTO per_country
SELECT c.country, COUNT(*) AS orders, SUM(o.qty) AS qty
FROM orders AS o JOIN customers AS c ON o.customer_id = c.customer_id
GROUP BY c.country;
