-- Window Top-N (ROW_NUMBER() OVER (PARTITION BY window_start, window_end, ...) <= N), emitted
-- insert-only when the window fires: over a TUMBLE table function per key with the rank column
-- (ties on v in arrival order: ids 1 and 6), over a TUMBLE table function across keys without the
-- rank column, and over a HOP window aggregation (each window ranked on its own). Late rows: 9 and
-- 13 arrive after the windows [10:00:00, 10:00:10) and (HOP) [10:00:05, 10:00:15) fired, 17 after
-- [10:00:20, 10:00:30) fired: they count nowhere. Last, `rn = 2`: only the second row of each window.
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

CREATE TABLE top2_per_key (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  k STRING,
  id BIGINT,
  v INT,
  rn BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE top3 (
  id BIGINT,
  k STRING,
  v INT,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

CREATE TABLE hop_top2 (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  k STRING,
  total INT,
  cnt BIGINT,
  rn BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO top2_per_key
SELECT window_start, window_end, k, id, v, rn
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY v DESC) AS rn
  FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
)
WHERE rn <= 2;

INSERT INTO top3
SELECT id, k, v, window_start, window_end
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY v ASC) AS rn
  FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
)
WHERE rn <= 3;

INSERT INTO hop_top2
SELECT window_start, window_end, k, total, cnt, rn
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY total DESC) AS rn
  FROM (
    SELECT window_start, window_end, k, SUM(v) AS total, COUNT(*) AS cnt
    FROM TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
    GROUP BY window_start, window_end, k
  )
)
WHERE rn <= 2;

INSERT INTO top3
SELECT id, k, v, window_start, window_end
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY v ASC) AS rn
  FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
)
WHERE rn = 2;
