-- q_semi_join: the bids of auctions in three categories, written as IN (SELECT …): a semi join,
-- insert-only (each bid kept with its match count, each auction row with its copies, per key).
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

CREATE TEMPORARY TABLE auction (
  aid      BIGINT,
  seller   AS CAST(aid % 97 AS BIGINT),
  category AS CAST(aid % 10 AS BIGINT)
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '1000',
  'rows-per-second' = '1000000000000',
  'fields.aid.kind' = 'sequence',
  'fields.aid.start' = '0',
  'fields.aid.end' = '999'
);

CREATE TEMPORARY TABLE sink (
  id       BIGINT,
  auction  BIGINT,
  price    BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO sink
SELECT id, auction, price
FROM bid
WHERE auction IN (SELECT aid FROM auction WHERE category < 3);
