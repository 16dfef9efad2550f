-- TUMBLE (10 s) aggregates over BIGINT, INT, DOUBLE, DECIMAL and STRING columns: COUNT(*),
-- COUNT(col), SUM, MIN, MAX, AVG, COUNT(DISTINCT). Rows arrive out of order within the 2 s
-- watermark delay; rows 13, 17 and 21 are late by far more than that (after many later rows)
-- and are dropped. JSON nulls in every column type; one row has a NULL key.
-- weir-parallelism-1-only: the case has late rows; at parallelism 2 whether a row is late depends on
-- when the other (empty) source subtask's end of input reaches the window, a race in Flink as well.
CREATE TABLE events (
  id BIGINT,
  k  STRING,
  i  INT,
  b  BIGINT,
  d  DOUBLE,
  m  DECIMAL(10, 2),
  s  STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/input.json',
  'format' = 'json'
);

CREATE TABLE results (
  k STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  cnt BIGINT,
  cnt_i BIGINT,
  sum_i INT,
  sum_b BIGINT,
  min_d DOUBLE,
  max_d DOUBLE,
  avg_d DOUBLE,
  sum_m DECIMAL(38, 2),
  min_m DECIMAL(10, 2),
  max_b BIGINT,
  min_s STRING,
  max_s STRING,
  distinct_s BIGINT,
  avg_i INT,
  avg_b BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO results
SELECT k, window_start, window_end,
       COUNT(*) AS cnt, COUNT(i) AS cnt_i, SUM(i) AS sum_i, SUM(b) AS sum_b,
       MIN(d) AS min_d, MAX(d) AS max_d, AVG(d) AS avg_d,
       SUM(m) AS sum_m, MIN(m) AS min_m, MAX(b) AS max_b,
       MIN(s) AS min_s, MAX(s) AS max_s, COUNT(DISTINCT s) AS distinct_s,
       AVG(i) AS avg_i, AVG(b) AS avg_b
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY k, window_start, window_end;
