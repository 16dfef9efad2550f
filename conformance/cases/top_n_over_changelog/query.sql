-- Top-N over an updating input (Flink's RetractableTopNFunction): every input row is kept per partition
-- key, so a row retracted from the top N is replaced by the next one. Covered:
-- top3_ranked / top3: the three most clicked items per category of a GROUP BY count, with and without
--   the row number; counts grow, so items enter the top three and push others out (a4, a5 overtake a3,
--   a1/a2 tie on 5 and the item name breaks the tie; c has a single item).
-- top2_overall: the same count without PARTITION BY (one global top two), also written as
--   ORDER BY cnt DESC, item LIMIT 2 (a global Top-N over the GROUP BY).
-- top2_price: a debezium-json changelog: a delete from the top (id 3), updates moving a row
--   into (id 4) and out of (id 2) the top, a row changing category (id 6), a category emptied by a
--   delete (z), a NULL price (sorted last, DESC's default) and an update within a category (id 10).
-- second_item: rn = 2 keeps only the second row per category, without selecting rn (over the
--   insert-only clicks: over a changelog Flink 2.3 retracts rows it never emitted for rn = 2).
-- latest: ROW_NUMBER() ordered by the rowtime, rn = 1, over a changelog: Flink plans this as the
--   retracting Top-1 rather than a deduplication; the latest surviving row per key (c: none).
-- Tie-free orders only and no late rows, so the result does not depend on the parallelism.
CREATE TABLE clicks (
  cat STRING,
  item STRING
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/clicks.json',
  'format' = 'json'
);

CREATE TABLE products (
  id INT,
  cat STRING,
  price INT
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/products.json',
  'format' = 'debezium-json'
);

CREATE TABLE versions (
  id INT,
  k STRING,
  v INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/versions.json',
  'format' = 'debezium-json'
);

CREATE TABLE top3_ranked (
  cat STRING,
  item STRING,
  cnt BIGINT,
  rn BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE top3 (
  cat STRING,
  item STRING,
  cnt BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE top2_overall (
  item STRING,
  cnt BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE top2_price (
  cat STRING,
  id INT,
  price INT,
  rn BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE second_item (
  cat STRING,
  item STRING
) WITH ('connector' = 'blackhole');

CREATE TABLE latest (
  k STRING,
  id INT,
  v INT
) WITH ('connector' = 'blackhole');

INSERT INTO top3_ranked
SELECT *
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY cat ORDER BY cnt DESC, item) AS rn
  FROM (SELECT cat, item, COUNT(*) AS cnt FROM clicks GROUP BY cat, item)
)
WHERE rn <= 3;

INSERT INTO top3
SELECT cat, item, cnt
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY cat ORDER BY cnt DESC, item) AS rn
  FROM (SELECT cat, item, COUNT(*) AS cnt FROM clicks GROUP BY cat, item)
)
WHERE rn <= 3;

INSERT INTO top2_overall
SELECT item, cnt
FROM (
  SELECT *, ROW_NUMBER() OVER (ORDER BY cnt DESC, item) AS rn
  FROM (SELECT item, COUNT(*) AS cnt FROM clicks GROUP BY item)
)
WHERE rn <= 2;

INSERT INTO top2_overall
SELECT item, COUNT(*) AS cnt FROM clicks GROUP BY item ORDER BY cnt DESC, item LIMIT 2;

INSERT INTO top2_price
SELECT cat, id, price, rn
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY cat ORDER BY price DESC, id) AS rn
  FROM products
)
WHERE rn <= 2;

INSERT INTO second_item
SELECT cat, item
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY cat ORDER BY item DESC) AS rn
  FROM clicks
)
WHERE rn = 2;

INSERT INTO latest
SELECT k, id, v
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC) AS rn
  FROM versions
)
WHERE rn = 1;
