-- Joins without an equality run as in Flink: every row of both inputs is kept under one global key
-- (one subtask) and the condition is checked per pair. a has a duplicate row (2, 9) and a NULL x,
-- b a NULL y: a comparison with NULL is unknown, so those rows match nothing. Inner and outer
-- non-equi joins, a cross join, and a scalar subquery correlated by a non-equality.
CREATE TABLE a (
  id INT,
  x INT
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/a.json',
  'format' = 'json'
);

CREATE TABLE b (
  y INT,
  tag STRING
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/b.json',
  'format' = 'json'
);

CREATE TABLE pairs (
  id INT,
  tag STRING
) WITH ('connector' = 'blackhole');

CREATE TABLE counts (
  id INT,
  n BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO pairs SELECT a.id, b.tag FROM a JOIN b ON a.x > b.y;

INSERT INTO pairs SELECT a.id, b.tag FROM a LEFT JOIN b ON a.x > b.y AND b.y > 5;

INSERT INTO pairs SELECT a.id, b.tag FROM a FULL JOIN b ON a.x BETWEEN b.y - 2 AND b.y + 2;

INSERT INTO pairs SELECT a.id, b.tag FROM a, b WHERE a.id = 1;

INSERT INTO counts SELECT a.id, (SELECT COUNT(*) FROM b WHERE b.y < a.x) FROM a;
