-- A SESSION window aggregation (gap 5 s) over a changelog: a debezium-json source whose updates
-- (-U/+U) and deletes (-D) are taken back from the open session containing their rowtime before it
-- fires; a retraction never splits or shrinks a session. Each session then emits its final row once,
-- insert-only (into an append-only csv table). Covered:
-- a: an update in place (id 1, 10 -> 7) and a delete (id 2) inside the session [01, 07), which the
--    delete does not shrink; later an out-of-order row (id 10 at 28 after 30) that moves a session's
--    start back, and an update to NULL (id 9).
-- b: a session whose only row is deleted (id 3 at 04): no row for it.
-- c: two sessions holding retractions, [10, 16) (its MIN 2 deleted) and [20, 26) (its MAX 9 updated to
--    4), merged by an out-of-order row (id 8 at 16); a delete after the merge takes back the merged
--    session's MIN (id 7, 1): the merged session [10, 26) keeps 8, 4 and 6.
-- No change is late and no row touches a fired session (the watermark is ts - 10 s), so the result does
-- not depend on when watermarks are emitted or on the parallelism.
CREATE TABLE changes (
  id INT,
  k STRING,
  v INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/changes.json',
  'format' = 'debezium-json'
);

CREATE TABLE session_out (
  k STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  cnt BIGINT,
  total INT,
  lo INT,
  hi INT
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/out-session',
  'format' = 'csv'
);

INSERT INTO session_out
SELECT k, window_start, window_end, COUNT(*) AS cnt, SUM(v) AS total, MIN(v) AS lo, MAX(v) AS hi
FROM TABLE(SESSION(TABLE changes PARTITION BY k, DESCRIPTOR(ts), INTERVAL '5' SECOND))
GROUP BY k, window_start, window_end;
