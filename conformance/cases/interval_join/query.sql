-- Interval join on event time: a shipment matches its order if it happens within 10 s after it
-- (o.ts <= s.ts <= o.ts + 10 s). Each input is in event-time order, so no row is late whatever the
-- interleaving of the two inputs. Order 2 ships too late (35 s); order 1 ships twice (3 s and
-- 12 s, only the first is inside); shipment 106 has no order; 107 is at the same instant.
CREATE TABLE orders (
  order_id BIGINT,
  product STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/orders.csv',
  'format' = 'csv'
);

CREATE TABLE shipments (
  shipment_id BIGINT,
  order_id BIGINT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/shipments.csv',
  'format' = 'csv'
);

CREATE TABLE shipped (
  order_id BIGINT,
  product STRING,
  shipment_id BIGINT,
  order_ts TIMESTAMP(3),
  ship_ts TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

INSERT INTO shipped
SELECT o.order_id, o.product, s.shipment_id, o.ts AS order_ts, s.ts AS ship_ts
FROM orders AS o, shipments AS s
WHERE o.order_id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '10' SECOND;
