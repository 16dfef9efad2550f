-- Set operations over streams, as Flink: UNION, INTERSECT and EXCEPT remove duplicates and treat
-- NULLs as equal (updating results). Inputs are out of order, with duplicate rows (1,a) and
-- (2,b), NULL keys and NULL strings; (3,c) and (3,x) differ only in s.
CREATE TABLE l (
  k INT,
  s STRING
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/l.json',
  'format' = 'json'
);

CREATE TABLE r (
  k INT,
  s STRING
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/r.json',
  'format' = 'json'
);

CREATE TABLE pairs (
  k INT,
  s STRING
) WITH ('connector' = 'blackhole');

CREATE TABLE keys_only (
  k INT
) WITH ('connector' = 'blackhole');

INSERT INTO pairs SELECT k, s FROM l UNION SELECT k, s FROM r;

INSERT INTO pairs SELECT k, s FROM l INTERSECT SELECT k, s FROM r;

INSERT INTO pairs SELECT k, s FROM l EXCEPT SELECT k, s FROM r;

INSERT INTO pairs SELECT k, s FROM r EXCEPT SELECT k, s FROM l;

INSERT INTO keys_only SELECT k FROM l INTERSECT SELECT k FROM r;

INSERT INTO keys_only SELECT k FROM l UNION SELECT k FROM r WHERE k > 5;

INSERT INTO keys_only SELECT k FROM l EXCEPT (SELECT k FROM r UNION ALL SELECT k + 2 FROM r);
