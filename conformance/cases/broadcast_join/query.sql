-- Flink's join hint BROADCAST(t): Flink's streaming planner accepts it and ignores it; Weir sends t whole to
-- every subtask of the join and spreads the other input's rows over the subtasks by their hash, so that a join
-- without an equality runs in parallel instead of on one subtask. The rows must be Flink's: inner and outer
-- non-equi joins (the preserved side spread), a hint naming an alias, an equi-join, a broadcast left input of a
-- RIGHT join, an updating broadcast input (a debezium-json changelog: inserts, updates, deletes, a duplicate),
-- and an updating input that would be spread (a GROUP BY's changes), for which Weir ignores the hint too: the
-- two halves of an update would leave from different subtasks. a has duplicate rows and NULLs, b a duplicate
-- row and a NULL y.
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

CREATE TABLE bc (
  y INT,
  tag STRING
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/bc.json',
  'format' = 'debezium-json'
);

CREATE TABLE pairs (
  id INT,
  tag STRING
) WITH ('connector' = 'blackhole');

CREATE TABLE counted (
  x INT,
  n BIGINT,
  tag STRING
) WITH ('connector' = 'blackhole');

INSERT INTO pairs SELECT /*+ BROADCAST(b) */ a.id, b.tag FROM a JOIN b ON a.x > b.y + 6;

INSERT INTO pairs SELECT /*+ BROADCAST(r) */ l.id, r.tag FROM a AS l LEFT JOIN b AS r ON l.x BETWEEN r.y AND r.y + 1;

INSERT INTO pairs SELECT /*+ BROADCAST(b) */ a.id, b.tag FROM a JOIN b ON a.x = b.y AND a.id < 30;

INSERT INTO pairs SELECT /*+ BROADCAST(b) */ a.id, b.tag FROM b RIGHT JOIN a ON a.x < b.y - 8;

INSERT INTO pairs SELECT /*+ BROADCAST(bc) */ a.id, bc.tag FROM a JOIN bc ON a.x BETWEEN bc.y AND bc.y + 1;

INSERT INTO counted SELECT /*+ BROADCAST(b) */ c.x, c.n, b.tag
FROM (SELECT x, COUNT(*) AS n FROM a GROUP BY x) AS c JOIN b ON c.n + 8 > b.y AND c.x < b.y;
