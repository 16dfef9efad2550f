-- Non-windowed GROUP BY: an updating result (+I, -U/+U per change); the final rows are what
-- remains after applying the changelog. A second query groups by a computed key with HAVING, so
-- rows enter and leave the result (-D). There is no late data without a window: every row counts.
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

CREATE TABLE totals (
  k STRING,
  cnt BIGINT,
  total INT,
  min_v INT,
  max_v INT,
  last_ts TIMESTAMP(3),
  PRIMARY KEY (k) NOT ENFORCED
) WITH ('connector' = 'blackhole');

CREATE TABLE bucket_counts (
  bucket INT,
  cnt BIGINT,
  distinct_k BIGINT,
  PRIMARY KEY (bucket) NOT ENFORCED
) WITH ('connector' = 'blackhole');

INSERT INTO totals
SELECT k, COUNT(*) AS cnt, SUM(v) AS total, MIN(v) AS min_v, MAX(v) AS max_v, MAX(ts) AS last_ts
FROM events
GROUP BY k;

INSERT INTO bucket_counts
SELECT v / 5 AS bucket, COUNT(*) AS cnt, COUNT(DISTINCT k) AS distinct_k
FROM events
GROUP BY v / 5
HAVING COUNT(*) < 3;
