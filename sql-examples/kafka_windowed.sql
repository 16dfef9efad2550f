-- Kafka end to end. Start a local broker first, in another terminal:
--   bin/kafka-local            (127.0.0.1:9092, data in ./kafka-data)
-- then: bin/weir run sql-examples/kafka_windowed.sql
-- and read the result with any read_committed consumer of topic 'click_counts'.

SET 'execution.checkpointing.interval' = '1 s';
SET 'execution.checkpointing.dir' = 'target/weir-checkpoints';

-- 1. Fill topic 'clicks' with 20000 generated clicks (JSON, 10 ms of event time apart).
SET 'pipeline.name' = 'kafka-fill-clicks';
CREATE TEMPORARY TABLE gen_clicks (
  id      BIGINT,
  user_id AS CONCAT('user-', CAST(id % 4 AS STRING)),
  ts      AS CAST(TO_TIMESTAMP_LTZ(1700000000000 + id * 10, 3) AS TIMESTAMP(3))
) WITH (
  'connector' = 'datagen', 'number-of-rows' = '20000', 'rows-per-second' = '10000',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '19999'
);
CREATE TABLE clicks_out (
  id BIGINT, user_id STRING, ts TIMESTAMP(3)
) WITH (
  'connector' = 'kafka', 'topic' = 'clicks', 'properties.bootstrap.servers' = '127.0.0.1:9092',
  'format' = 'json', 'sink.delivery-guarantee' = 'at-least-once'
);
INSERT INTO clicks_out SELECT id, user_id, ts FROM gen_clicks;

-- 2. Count clicks per user in 1-second tumbling windows, exactly-once into topic 'click_counts'.
SET 'pipeline.name' = 'kafka-windowed';
CREATE TABLE clicks (
  id BIGINT, user_id STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'kafka', 'topic' = 'clicks', 'properties.bootstrap.servers' = '127.0.0.1:9092',
  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);
CREATE TABLE click_counts (
  user_id STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), clicks BIGINT
) WITH (
  'connector' = 'kafka', 'topic' = 'click_counts', 'properties.bootstrap.servers' = '127.0.0.1:9092',
  'format' = 'csv',
  'sink.delivery-guarantee' = 'exactly-once', 'sink.transactional-id-prefix' = 'kafka-windowed'
);
INSERT INTO click_counts
SELECT user_id, window_start, window_end, COUNT(*)
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' SECOND))
GROUP BY user_id, window_start, window_end;
