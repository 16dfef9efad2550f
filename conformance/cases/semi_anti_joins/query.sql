-- Semi and anti joins, as Flink plans IN / EXISTS (semi) and NOT IN / NOT EXISTS (anti) in WHERE.
-- A semi join of insert-only inputs is insert-only, so IN and EXISTS go into append-only csv sinks;
-- anti joins retract rows when a match arrives (updating: blackhole sinks here). orders has a NULL
-- customer_id (order 7), customers without a customer row (4, 9), a duplicate row (order 4) and is
-- out of order; customers has a NULL id (Nil), id 3 twice (Cy, Cy2), a duplicate row (Ann), a NULL
-- min_amount (Eve) and a customer without orders (Dee). blocked holds a NULL, so NOT IN over it is
-- unknown for every row; vip has none. order_id (BIGINT) IN customer_id (INT) compares across types.
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
  country STRING,
  min_amount INT
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

-- Append-only sinks (never written: the runner collects the rows instead).
CREATE TABLE order_file (
  order_id BIGINT,
  customer_id INT,
  amount INT
) WITH ('connector' = 'filesystem', 'path' = '${CASE_DIR}/never-written/orders', 'format' = 'csv');

CREATE TABLE name_file (
  name STRING
) WITH ('connector' = 'filesystem', 'path' = '${CASE_DIR}/never-written/names', 'format' = 'csv');

CREATE TABLE order_rows (
  order_id BIGINT,
  customer_id INT,
  amount INT
) WITH ('connector' = 'blackhole');

CREATE TABLE names (
  name STRING
) WITH ('connector' = 'blackhole');

CREATE TABLE counts (
  n BIGINT
) WITH ('connector' = 'blackhole');

-- IN (uncorrelated, filtered subquery): a semi join, insert-only
INSERT INTO order_file
SELECT order_id, customer_id, amount FROM orders
WHERE customer_id IN (SELECT customer_id FROM customers WHERE country = 'DE');

-- IN across types (BIGINT in INT), duplicates in the subquery emit a row once
INSERT INTO order_file
SELECT order_id, customer_id, amount FROM orders
WHERE order_id IN (SELECT customer_id FROM customers) AND amount < 30;

-- EXISTS correlated by an equality and a non-equality (amount >= min_amount; NULL never matches)
INSERT INTO name_file
SELECT name FROM customers AS c
WHERE EXISTS (SELECT 1 FROM orders AS o WHERE o.customer_id = c.customer_id AND o.amount >= c.min_amount);

-- EXISTS uncorrelated: no key, one subtask; every customer (order 7 has amount 50)
INSERT INTO name_file
SELECT name FROM customers
WHERE EXISTS (SELECT order_id FROM orders WHERE amount > 45);

-- IN over a subquery with a correlated NOT EXISTS of its own: a semi join whose right input is an
-- anti join (updating, so into a sink that takes updates)
INSERT INTO order_rows
SELECT order_id, customer_id, amount FROM orders
WHERE customer_id IN (SELECT customer_id FROM customers AS c
                      WHERE NOT EXISTS (SELECT 1 FROM blocked AS b WHERE b.customer_id = c.customer_id));

-- NOT EXISTS correlated: customers without orders, the NULL id too
INSERT INTO names
SELECT name FROM customers AS c
WHERE NOT EXISTS (SELECT 1 FROM orders AS o WHERE o.customer_id = c.customer_id);

-- NOT IN over a subquery with a NULL: no row
INSERT INTO order_rows
SELECT order_id, customer_id, amount FROM orders
WHERE customer_id NOT IN (SELECT customer_id FROM blocked);

-- NOT IN without NULLs in the subquery: a NULL customer_id is not kept either
INSERT INTO order_rows
SELECT order_id, customer_id, amount FROM orders
WHERE customer_id NOT IN (SELECT customer_id FROM vip);

-- NOT IN over an empty subquery: every order, the NULL customer_id too
INSERT INTO order_rows
SELECT order_id, customer_id, amount FROM orders
WHERE customer_id NOT IN (SELECT customer_id FROM vip WHERE customer_id > 100);

-- NOT IN correlated: an empty subquery keeps the row, a NULL in it (Eve's min_amount) drops it
INSERT INTO order_rows
SELECT order_id, customer_id, amount FROM orders AS o
WHERE amount NOT IN (SELECT min_amount FROM customers AS c WHERE c.customer_id = o.customer_id);

-- An aggregate over an anti join's retractions
INSERT INTO counts
SELECT COUNT(*) FROM orders
WHERE customer_id NOT IN (SELECT customer_id FROM vip);
