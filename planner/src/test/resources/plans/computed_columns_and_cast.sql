-- Computed columns (evaluated right after the source), CAST to Flink's type names, and implicit
-- casts into the sink's column types.
CREATE TABLE orders (
  id       BIGINT,
  amount   INT,
  cents    AS amount * 100,
  label    AS CAST(id AS STRING),
  big      AS CAST(amount AS BIGINT)
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '10'
);

CREATE TABLE out_orders (
  id     BIGINT,
  label  STRING,
  cents  BIGINT,
  ratio  DOUBLE
) WITH ('connector' = 'blackhole');

EXPLAIN INSERT INTO out_orders
SELECT id, CONCAT(label, '-x'), cents, amount
FROM orders
WHERE big > 10;
