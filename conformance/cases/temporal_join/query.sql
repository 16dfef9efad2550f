-- Event-time temporal joins (FOR SYSTEM_TIME AS OF the left rowtime): each order joins the version
-- of its currency's rate valid at the order's time (the latest version not after it), once the
-- watermark of both inputs passes the order. Two versioned tables: `rates`, a table with a PRIMARY
-- KEY and a WATERMARK, and `versioned_rates`, a deduplication view keeping the last row per currency
-- of the insert-only `rate_log` (Flink infers its key), which is a changelog (-U/+U): EUR 111
-- replaces 110 at the same time, and the older EUR 109 (04) arriving after 113 (05) is dropped by
-- the deduplication, so orders at 04 still see 111. Covered: INNER (orders without a version are
-- dropped: JPY, GBP before its first version at 07, the NULL currency), LEFT (NULL-padded), an
-- order exactly at a version's time, versions and orders out of order within the watermark delay
-- (EUR 112 after 114, orders 4 and 9), a condition on the left row in ON (a LEFT row failing it
-- is NULL-padded), and a TUMBLE window over the join's result (the left rowtime stays a time
-- attribute). Deletes in the versioned table need a changelog source (debezium-json over
-- filesystem is not readable by Weir yet): TemporalJoinOperatorTest covers them. No row is late:
-- whether a row is late at a two-input operator depends on how the inputs interleave (timing in
-- Flink); late orders are covered by TemporalJoinOperatorTest too.
CREATE TABLE orders (
  order_id BIGINT,
  currency STRING,
  price INT,
  order_time TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/orders.json',
  'format' = 'json'
);

CREATE TABLE rates (
  currency STRING,
  rate INT,
  update_time TIMESTAMP(3),
  WATERMARK FOR update_time AS update_time - INTERVAL '2' SECOND,
  PRIMARY KEY (currency) NOT ENFORCED
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/rates.json',
  'format' = 'json'
);

CREATE TABLE rate_log (
  currency STRING,
  rate INT,
  update_time TIMESTAMP(3),
  WATERMARK FOR update_time AS update_time - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/rate_log.json',
  'format' = 'json'
);

CREATE VIEW versioned_rates AS
SELECT currency, rate, update_time
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY update_time DESC) AS rn
  FROM rate_log)
WHERE rn = 1;

CREATE VIEW converted_orders AS
SELECT o.order_id, o.currency, o.price * r.rate AS converted, r.update_time, o.order_time
FROM orders AS o
JOIN rates FOR SYSTEM_TIME AS OF o.order_time AS r
ON o.currency = r.currency;

CREATE TABLE inner_joined (
  order_id BIGINT,
  currency STRING,
  converted INT,
  update_time TIMESTAMP(3),
  order_time TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

CREATE TABLE left_joined (
  order_id BIGINT,
  currency STRING,
  rate INT,
  update_time TIMESTAMP(3),
  order_time TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

CREATE TABLE left_joined_condition (
  order_id BIGINT,
  price INT,
  rate INT,
  update_time TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

CREATE TABLE windowed (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  orders BIGINT,
  total INT
) WITH ('connector' = 'blackhole');

INSERT INTO inner_joined
SELECT order_id, currency, converted, update_time, order_time FROM converted_orders;

INSERT INTO left_joined
SELECT o.order_id, o.currency, r.rate, r.update_time, o.order_time
FROM orders AS o
LEFT JOIN versioned_rates FOR SYSTEM_TIME AS OF o.order_time AS r
ON o.currency = r.currency;

INSERT INTO left_joined_condition
SELECT o.order_id, o.price, r.rate, r.update_time
FROM orders AS o
LEFT JOIN rates FOR SYSTEM_TIME AS OF o.order_time AS r
ON r.currency = o.currency AND o.price > 2;

INSERT INTO windowed
SELECT window_start, window_end, COUNT(*) AS orders, SUM(converted) AS total
FROM TABLE(TUMBLE(TABLE converted_orders, DESCRIPTOR(order_time), INTERVAL '10' SECOND))
GROUP BY window_start, window_end;
