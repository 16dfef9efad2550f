-- q5_tumble_count: Window TVF: bids per auction in 10-second tumbling windows.
SET 'table.local-time-zone' = 'UTC';

CREATE TEMPORARY TABLE bid (
  id        BIGINT,
  auction   AS CAST((id / 7) % 1000 AS BIGINT),
  bidder    AS CAST((id / 100) % 10007 AS BIGINT),
  price     AS CAST((id * 7919) % 100000 AS BIGINT),
  channel   AS CAST(CASE id % 4 WHEN 0 THEN 'Apple' WHEN 1 THEN 'Google' WHEN 2 THEN 'Facebook' ELSE 'Baidu' END AS STRING),
  url       AS CONCAT('https://www.nexmark.com/item.htm?query=', CAST(id % 997 AS STRING)),
  date_time AS CAST(TO_TIMESTAMP_LTZ(1700000000000 + id * 10, 3) AS TIMESTAMP(3)),
  extra     AS CONCAT('extra-', CAST(id % 101 AS STRING)),
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '1000',
  'rows-per-second' = '1000000000000',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '1',
  'fields.id.end' = '1000'
);

CREATE TEMPORARY TABLE sink (
  auction      BIGINT,
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  num          BIGINT
) WITH ('connector' = 'blackhole');

EXPLAIN INSERT INTO sink
SELECT auction, window_start, window_end, COUNT(*) AS num
FROM TABLE(
  TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end;
