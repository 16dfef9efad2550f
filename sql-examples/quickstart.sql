-- Quickstart: clicks per user in 10-second tumbling windows on event time.
--
-- A bounded generator produces 3000 clicks (1000 a second, so the job runs about three
-- seconds); each click's event time is 20 ms after the previous one. State lives in RocksDB and
-- a checkpoint is taken every second. Run it with:  ./bin/weir run sql-examples/quickstart.sql

SET 'pipeline.name' = 'quickstart';
SET 'state.backend.type' = 'rocksdb';
SET 'execution.checkpointing.interval' = '1 s';
SET 'execution.checkpointing.dir' = 'target/weir-checkpoints';

CREATE TEMPORARY TABLE clicks (
  id       BIGINT,
  user_id  AS CONCAT('user-', CAST(id % 4 AS STRING)),
  ts       AS CAST(TO_TIMESTAMP_LTZ(1700000000000 + id * 20, 3) AS TIMESTAMP(3)),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '3000',
  'rows-per-second' = '1000',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '0',
  'fields.id.end' = '2999'
);

CREATE TEMPORARY TABLE clicks_per_user (
  user_id      STRING,
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  clicks       BIGINT
) WITH (
  'connector' = 'print'
);

INSERT INTO clicks_per_user
SELECT user_id, window_start, window_end, COUNT(*) AS clicks
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY user_id, window_start, window_end;
