-- LEFT and FULL interval joins: an order without a shipment within 10 s (order 2, whose shipment
-- comes 35 s later) is emitted once with NULLs when the watermark passes its time + 10 s; so is a
-- shipment without an order on the FULL join (106, and 102 and 104 that fall outside every
-- order's interval). A bound written the other way round (s.ts - INTERVAL ... <= o.ts) is the same
-- interval. Each input is in event-time order, so no row is late.
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
  shipment_id BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO shipped
SELECT o.order_id, s.shipment_id
FROM orders AS o LEFT JOIN shipments AS s
  ON o.order_id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '10' SECOND;

INSERT INTO shipped
SELECT o.order_id, s.shipment_id
FROM orders AS o FULL JOIN shipments AS s
  ON o.order_id = s.order_id AND o.ts <= s.ts AND s.ts - INTERVAL '10' SECOND <= o.ts;
