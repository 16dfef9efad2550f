-- ORDER BY and LIMIT on a stream: a temporal sort (the rowtime first), a global Top-N with an
-- OFFSET, and LIMIT alone (the first rows), in one statement set.
CREATE TABLE bids (
  id        BIGINT,
  auction   BIGINT,
  price     BIGINT,
  bidder    STRING,
  ts        TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '100'
);

CREATE TABLE sorted (id BIGINT, price BIGINT, ts TIMESTAMP(3)) WITH ('connector' = 'print');
CREATE TABLE top (id BIGINT, price BIGINT) WITH ('connector' = 'print');
CREATE TABLE firsts (id BIGINT, bidder STRING) WITH ('connector' = 'print');

EXPLAIN STATEMENT SET BEGIN
INSERT INTO sorted SELECT id, price, ts FROM bids ORDER BY ts, price DESC;
INSERT INTO top SELECT id, price FROM bids ORDER BY price DESC, id LIMIT 3 OFFSET 1;
INSERT INTO firsts SELECT id, bidder FROM bids WHERE price > 10 LIMIT 5;
END;
