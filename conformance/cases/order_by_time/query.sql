-- ORDER BY on a stream: a temporal sort, the rowtime ascending first, then v descending for rows
-- at the same time. Rows wait for the watermark (2 s delay) and leave in that order; rows 8 and 12
-- arrive far behind the watermark and are dropped as late (the conformance runner compares the
-- rows, not their order; TemporalSortOperatorTest checks the order).
-- weir-parallelism-1-only: the case has late rows; at parallelism 2 whether a row is late depends on
-- when the other (empty) source subtask's end of input reaches the sort, a race in Flink as well.
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

CREATE TABLE sorted (id BIGINT, k STRING, v INT, ts TIMESTAMP(3)) WITH ('connector' = 'blackhole');

INSERT INTO sorted
SELECT id, k, v, ts FROM events ORDER BY ts, v DESC;
