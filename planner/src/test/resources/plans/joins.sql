-- A regular LEFT JOIN with a key expression and an extra condition, and an event-time interval
-- join (the bound written as BETWEEN), each with its state in EXPLAIN; the regular join again with a state TTL.
CREATE TABLE orders (
  id          BIGINT,
  customer    STRING,
  amount      BIGINT,
  ts          TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '100'
);

CREATE TABLE customers (
  name        STRING,
  country     STRING
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '10'
);

CREATE TABLE payments (
  order_id    BIGINT,
  paid        BIGINT,
  ts          TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '100'
);

CREATE TABLE enriched (
  id        BIGINT,
  country   STRING,
  amount    BIGINT
) WITH ('connector' = 'print');

CREATE TABLE paid (
  id        BIGINT,
  paid      BIGINT,
  delay_ms  BIGINT
) WITH ('connector' = 'blackhole');

EXPLAIN INSERT INTO enriched
SELECT o.id, c.country, o.amount
FROM orders AS o LEFT JOIN customers AS c ON UPPER(o.customer) = c.name AND o.amount > 10;

EXPLAIN INSERT INTO paid
SELECT o.id, p.paid, CAST(TIMESTAMPDIFF(SECOND, o.ts, p.ts) AS BIGINT) * 1000
FROM orders AS o JOIN payments AS p
  ON o.id = p.order_id AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR;

-- With a state TTL the regular join drops rows not written for that long (same operator id).
SET 'table.exec.state.ttl' = '1 h';
EXPLAIN INSERT INTO enriched
SELECT o.id, c.country, o.amount
FROM orders AS o LEFT JOIN customers AS c ON UPPER(o.customer) = c.name AND o.amount > 10;
