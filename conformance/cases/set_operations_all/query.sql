-- INTERSECT ALL and EXCEPT ALL over streams, as Flink: a row kept by INTERSECT ALL comes out as
-- many times as in the input that has it least often, by EXCEPT ALL as many times as the first
-- input has it more often than the other (updating results; NULLs are equal). (1,a) is 3 times in l
-- and twice in r, (2,b) twice in l and 3 times in r, (null,n) twice in l and once in r, (4,null)
-- twice in l and once in r; (3,c) and (3,x) differ only in s.
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

INSERT INTO pairs SELECT k, s FROM l INTERSECT ALL SELECT k, s FROM r;

INSERT INTO pairs SELECT k, s FROM l EXCEPT ALL SELECT k, s FROM r;

INSERT INTO pairs SELECT k, s FROM r EXCEPT ALL SELECT k, s FROM l;

INSERT INTO keys_only SELECT k FROM l INTERSECT ALL SELECT k FROM r WHERE k < 3;

INSERT INTO keys_only SELECT k FROM l EXCEPT ALL (SELECT k FROM r UNION ALL SELECT k + 2 FROM r);
