-- Top-N (non-windowed, updating): the two largest values per key, with their rank; rows move in
-- and out of the top two as larger values arrive (-D/+I or -U/+U). A second query ranks within
-- TUMBLE windows (window Top-N, append-only); late rows 8 and 12 do not count there.
-- weir-parallelism-1-only: the case has late rows; at parallelism 2 whether a row is late depends on
-- when the other (empty) source subtask's end of input reaches the window, a race in Flink as well.
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

CREATE TABLE top2 (
  k STRING,
  id BIGINT,
  v INT,
  rn BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE window_top1 (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  k STRING,
  total INT,
  rn BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO top2
SELECT k, id, v, rn
FROM (
  SELECT k, id, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC) AS rn
  FROM events
)
WHERE rn <= 2;

INSERT INTO window_top1
SELECT window_start, window_end, k, total, rn
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY total DESC) AS rn
  FROM (
    SELECT window_start, window_end, k, SUM(v) AS total
    FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
    GROUP BY window_start, window_end, k
  )
)
WHERE rn <= 1;
