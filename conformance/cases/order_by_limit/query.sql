-- ORDER BY ... LIMIT on a stream: a global Top-N over all rows (an updating result: rows enter and
-- are pushed out as larger values arrive), with ties on v broken by id; the same with an OFFSET
-- (FETCH syntax); LIMIT without ORDER BY: the first rows read, in input order, and with an OFFSET;
-- and a temporal sort (ORDER BY ts, v DESC) with the late rows 8 and 12 filtered out first, so that
-- it runs at parallelism 2 as well (order_by_time has the late rows).
CREATE TABLE events (
  id BIGINT,
  k STRING,
  v INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/input.csv',
  'format' = 'csv'
);

CREATE TABLE top3 (id BIGINT, k STRING, v INT) WITH ('connector' = 'blackhole');
CREATE TABLE ranks3to4 (id BIGINT, v INT) WITH ('connector' = 'blackhole');
CREATE TABLE first4 (id BIGINT, k STRING) WITH ('connector' = 'blackhole');
CREATE TABLE rows3to5 (id BIGINT) WITH ('connector' = 'blackhole');
CREATE TABLE sorted (id BIGINT, v INT, ts TIMESTAMP(3)) WITH ('connector' = 'blackhole');

INSERT INTO top3
SELECT id, k, v FROM events ORDER BY v DESC, id LIMIT 3;

INSERT INTO ranks3to4
SELECT id, v FROM events ORDER BY v, id OFFSET 2 ROWS FETCH NEXT 2 ROWS ONLY;

INSERT INTO first4
SELECT id, k FROM events LIMIT 4;

INSERT INTO rows3to5
SELECT id FROM events LIMIT 3 OFFSET 2;

INSERT INTO sorted
SELECT id, v, ts FROM events WHERE id <> 8 AND id <> 12 ORDER BY ts, v DESC;
