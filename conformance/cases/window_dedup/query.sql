-- Window deduplication (ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY ts)
-- = 1), emitted insert-only when the window fires: the first row per key and TUMBLE window
-- (ORDER BY ts ASC; 3 and 6 arrive out of order within the watermark delay), the last (ORDER BY
-- ts DESC), and the first per CUMULATE window across keys, with the row number in the output.
-- Late rows 9 and 13 (window [10:00:00, 10:00:10) has fired) and 17 (window [10:00:20, 10:00:30))
-- are dropped.
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

CREATE TABLE first_per_key (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  k STRING,
  id BIGINT,
  ts TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

CREATE TABLE last_per_key (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  k STRING,
  id BIGINT,
  v INT
) WITH ('connector' = 'blackhole');

CREATE TABLE first_cumulate (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  id BIGINT,
  rn BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO first_per_key
SELECT window_start, window_end, k, id, ts
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY ts ASC) AS rn
  FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
)
WHERE rn = 1;

INSERT INTO last_per_key
SELECT window_start, window_end, k, id, v
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY ts DESC) AS rn
  FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
)
WHERE rn = 1;

INSERT INTO first_cumulate
SELECT window_start, window_end, id, rn
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY ts ASC) AS rn
  FROM TABLE(CUMULATE(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
)
WHERE rn <= 1;
