-- q_broadcast_join: each bid banded by a non-equi join against a 50-row price-band table.
-- Without the hint a join without an equality runs under one global key on one subtask (Flink's
-- singleton join, also what Flink does with the hint); /*+ BROADCAST(band) */ sends the bands to every
-- subtask and spreads the bids by row hash (Weir), so at parallelism > 1 the join runs on every subtask.
SET 'table.local-time-zone' = 'UTC';

CREATE TEMPORARY TABLE bid (
  id        BIGINT,
  auction   AS CAST((id / 7) % 1000 AS BIGINT),
  price     AS CAST((id * 7919) % 100000 AS BIGINT)
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '${ROWS}',
  'rows-per-second' = '1000000000000',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '1',
  'fields.id.end' = '${ROWS}'
);

CREATE TEMPORARY TABLE band (
  bid_band BIGINT,
  lo       AS CAST(bid_band * 2000 AS BIGINT),
  hi       AS CAST(bid_band * 2000 + 1999 AS BIGINT)
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '50',
  'rows-per-second' = '1000000000000',
  'fields.bid_band.kind' = 'sequence',
  'fields.bid_band.start' = '0',
  'fields.bid_band.end' = '49'
);

CREATE TEMPORARY TABLE sink (
  id       BIGINT,
  price    BIGINT,
  bid_band BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO sink
SELECT /*+ BROADCAST(band) */ id, price, bid_band
FROM bid JOIN band ON bid.price BETWEEN band.lo AND band.hi;
