-- Deduplication: per key, the first row in event-time order (ROW_NUMBER ... ORDER BY ts ASC = 1,
-- which on a rowtime keeps the earliest and may retract a row when an earlier one arrives within
-- the watermark delay), and the last row in event-time order (ORDER BY ts DESC = 1, updating).
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

CREATE TABLE firsts (
  k STRING,
  id BIGINT,
  v INT,
  ts TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

INSERT INTO firsts
SELECT k, id, v, ts
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts ASC) AS rn
  FROM events
)
WHERE rn = 1;

INSERT INTO firsts
SELECT k, id, v, ts
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC) AS rn
  FROM events
)
WHERE rn = 1;
