-- Subqueries, as semi/anti joins and scalar values over streams (updating results). orders has a
-- NULL customer_id (order 7), a customer without a customer row (9), a duplicate row (order 4) and
-- is out of order; customers has a NULL id, a customer without orders (4) and id 3 twice. blocked
-- holds a NULL, so NOT IN over it is unknown for every row: no row comes out. vip has no NULL, so
-- NOT IN over it keeps every order whose customer_id is not NULL and not in vip; NOT IN over an
-- empty subquery keeps every order (a stream's global COUNT of no rows has no row: Weir reads it as 0).
CREATE TABLE orders (
  order_id BIGINT,
  customer_id INT,
  amount INT
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/orders.json',
  'format' = 'json'
);

CREATE TABLE customers (
  customer_id INT,
  name STRING,
  country STRING
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/customers.json',
  'format' = 'json'
);

CREATE TABLE blocked (
  customer_id INT
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/blocked.json',
  'format' = 'json'
);

CREATE TABLE vip (
  customer_id INT
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/vip.json',
  'format' = 'json'
);

CREATE TABLE order_rows (
  order_id BIGINT,
  customer_id INT,
  amount INT
) WITH ('connector' = 'blackhole');

CREATE TABLE names (
  name STRING
) WITH ('connector' = 'blackhole');

CREATE TABLE name_totals (
  name STRING,
  total INT,
  orders_count BIGINT
) WITH ('connector' = 'blackhole');

-- IN (uncorrelated)
INSERT INTO order_rows
SELECT order_id, customer_id, amount FROM orders
WHERE customer_id IN (SELECT customer_id FROM customers WHERE country = 'DE');

-- EXISTS (correlated, with a further condition)
INSERT INTO names
SELECT name FROM customers AS c
WHERE EXISTS (SELECT 1 FROM orders AS o WHERE o.customer_id = c.customer_id AND o.amount > 10);

-- NOT IN over a subquery with a NULL: no row
INSERT INTO order_rows
SELECT order_id, customer_id, amount FROM orders
WHERE customer_id NOT IN (SELECT customer_id FROM blocked);

-- NOT IN over a subquery without NULLs: orders with a NULL customer_id are not kept either
INSERT INTO order_rows
SELECT order_id, customer_id, amount FROM orders
WHERE customer_id NOT IN (SELECT customer_id FROM vip);

-- NOT IN over an empty subquery: every order, the one with a NULL customer_id too
INSERT INTO order_rows
SELECT order_id, customer_id, amount FROM orders
WHERE customer_id NOT IN (SELECT customer_id FROM vip WHERE customer_id > 100);

-- NOT EXISTS (correlated)
INSERT INTO names
SELECT name FROM customers AS c
WHERE NOT EXISTS (SELECT 1 FROM orders AS o WHERE o.customer_id = c.customer_id);

-- Scalar subqueries in SELECT (correlated: SUM and COUNT, a customer without orders gets NULL and 0)
INSERT INTO name_totals
SELECT name,
  (SELECT SUM(amount) FROM orders AS o WHERE o.customer_id = c.customer_id),
  (SELECT COUNT(*) FROM orders AS o WHERE o.customer_id = c.customer_id)
FROM customers AS c;

-- A scalar subquery in WHERE (uncorrelated)
INSERT INTO order_rows
SELECT order_id, customer_id, amount FROM orders
WHERE amount > (SELECT AVG(amount) FROM orders);
