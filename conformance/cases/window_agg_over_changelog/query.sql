-- Window aggregations (TUMBLE, HOP, CUMULATE) over a changelog: a debezium-json source whose
-- updates (-U/+U) and deletes (-D) are taken back from the windows they belong to before a window
-- fires; each window then emits its final rows once, insert-only (the TUMBLE result goes into an
-- append-only csv table). Covered: an update in place (id 1, 10 -> 7), an update that moves a row
-- to the next window (id 3, 04 -> 12), a delete (id 2), a key whose only row in a window is deleted
-- (c in [00, 10): no row for it), an out-of-order row within the delay (id 4 at 03 after 04), a
-- retracted MIN (id 8, b's 1 in [10, 20)) and MIN/MAX after an update (id 6, 2 -> 3), a NULL value.
-- Late changes (dropped): the update of id 1 at 01 after the watermark passed 10, the delete of
-- id 9 at 21 after it passed 30. HOP: the update of id 6 at 13 arrives when [05, 15) has fired
-- but [10, 20) has not: only [10, 20) sees it.
-- WindowAggregateOverChangelogKafkaIT (planner) runs the same changes through a debezium-json Kafka topic.
-- weir-parallelism-1-only: the case has late changes; at parallelism 2 whether a change is late depends on
-- when the other (empty) source subtask's end of input reaches the window, a race in Flink as well.
CREATE TABLE changes (
  id INT,
  k STRING,
  v INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/changes.json',
  'format' = 'debezium-json'
);

CREATE TABLE tumble_out (
  k STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  cnt BIGINT,
  total INT,
  lo INT,
  hi INT
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/out-tumble',
  'format' = 'csv'
);

CREATE TABLE hop_out (
  k STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  cnt BIGINT,
  total INT,
  lo INT,
  hi INT
) WITH ('connector' = 'blackhole');

CREATE TABLE cumulate_out (
  k STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  cnt BIGINT,
  total INT,
  lo INT,
  hi INT
) WITH ('connector' = 'blackhole');

INSERT INTO tumble_out
SELECT k, window_start, window_end, COUNT(*) AS cnt, SUM(v) AS total, MIN(v) AS lo, MAX(v) AS hi
FROM TABLE(TUMBLE(TABLE changes, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY k, window_start, window_end;

INSERT INTO hop_out
SELECT k, window_start, window_end, COUNT(*) AS cnt, SUM(v) AS total, MIN(v) AS lo, MAX(v) AS hi
FROM TABLE(HOP(TABLE changes, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
GROUP BY k, window_start, window_end;

INSERT INTO cumulate_out
SELECT k, window_start, window_end, COUNT(*) AS cnt, SUM(v) AS total, MIN(v) AS lo, MAX(v) AS hi
FROM TABLE(CUMULATE(TABLE changes, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
GROUP BY k, window_start, window_end;
