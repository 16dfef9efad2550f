-- q_interval_join: bids joined with the bids of the same auction up to 1 second later (a self
-- interval join; each side keeps a row only while the other's watermark can still match it).
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
  'number-of-rows' = '${ROWS}',
  'rows-per-second' = '1000000000000',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '1',
  'fields.id.end' = '${ROWS}'
);

CREATE TEMPORARY TABLE sink (
  auction    BIGINT,
  first_id   BIGINT,
  later_id   BIGINT,
  price_diff BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO sink
SELECT a.auction, a.id, b.id, b.price - a.price
FROM bid a JOIN bid b
  ON a.auction = b.auction
 AND b.date_time BETWEEN a.date_time AND a.date_time + INTERVAL '1' SECOND;
