-- Window joins (Flink's window JOIN): both inputs are window table functions (or window
-- aggregations) of the same window, joined on window_start, window_end and a key. Each window's
-- rows are joined once, when the watermark passes the window end: INNER with duplicate keys (every
-- pair of a window), FULL and LEFT OUTER (rows without a partner in their window NULL-padded, NULL
-- keys matching nothing), a non-equi condition evaluated per pair, HOP windows (a row in two
-- windows joins in each), a join of two window aggregations, and a TUMBLE window over a window
-- join's window_time (it stays a time attribute, as in Flink). Rows out of order within the
-- watermark delay (ids 3, 7, 104) still join. Each input is in event-time order up to that delay;
-- late rows of a window join are covered by WindowJoinOperatorTest, since with two inputs whether
-- a row is late depends on how the inputs interleave, which is timing in Flink.
CREATE TABLE lefts (
  id BIGINT,
  k STRING,
  v INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/left.json',
  'format' = 'json'
);

CREATE TABLE rights (
  id BIGINT,
  k STRING,
  w INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/right.json',
  'format' = 'json'
);

CREATE TABLE inner_joined (
  l_id BIGINT,
  r_id BIGINT,
  k STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

CREATE TABLE full_joined (
  l_id BIGINT,
  l_k STRING,
  r_id BIGINT,
  r_k STRING,
  l_start TIMESTAMP(3),
  r_start TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

CREATE TABLE left_joined (
  l_id BIGINT,
  r_id BIGINT,
  v INT,
  w INT,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

CREATE TABLE hop_joined (
  l_id BIGINT,
  r_id BIGINT,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

CREATE TABLE windowed_join (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  pairs BIGINT
) WITH ('connector' = 'blackhole');

CREATE VIEW inner_pairs AS
SELECT L.k, L.window_time AS wt
FROM (SELECT * FROM TABLE(TUMBLE(TABLE lefts, DESCRIPTOR(ts), INTERVAL '10' SECOND))) L
JOIN (SELECT * FROM TABLE(TUMBLE(TABLE rights, DESCRIPTOR(ts), INTERVAL '10' SECOND))) R
ON L.k = R.k AND L.window_start = R.window_start AND L.window_end = R.window_end;

CREATE TABLE agg_joined (
  k STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  l_cnt BIGINT,
  r_sum INT
) WITH ('connector' = 'blackhole');

INSERT INTO inner_joined
SELECT L.id, R.id, L.k, L.window_start, L.window_end
FROM (SELECT * FROM TABLE(TUMBLE(TABLE lefts, DESCRIPTOR(ts), INTERVAL '10' SECOND))) L
JOIN (SELECT * FROM TABLE(TUMBLE(TABLE rights, DESCRIPTOR(ts), INTERVAL '10' SECOND))) R
ON L.k = R.k AND L.window_start = R.window_start AND L.window_end = R.window_end;

INSERT INTO full_joined
SELECT L.id, L.k, R.id, R.k, L.window_start, R.window_start
FROM (SELECT * FROM TABLE(TUMBLE(TABLE lefts, DESCRIPTOR(ts), INTERVAL '10' SECOND))) L
FULL JOIN (SELECT * FROM TABLE(TUMBLE(TABLE rights, DESCRIPTOR(ts), INTERVAL '10' SECOND))) R
ON L.k = R.k AND L.window_start = R.window_start AND L.window_end = R.window_end;

INSERT INTO left_joined
SELECT L.id, R.id, L.v, R.w, L.window_start, L.window_end
FROM (SELECT * FROM TABLE(TUMBLE(TABLE lefts, DESCRIPTOR(ts), INTERVAL '10' SECOND))) L
LEFT JOIN (SELECT * FROM TABLE(TUMBLE(TABLE rights, DESCRIPTOR(ts), INTERVAL '10' SECOND))) R
ON L.k = R.k AND L.window_start = R.window_start AND L.window_end = R.window_end AND L.v < R.w;

INSERT INTO hop_joined
SELECT L.id, R.id, L.window_start, L.window_end
FROM (SELECT * FROM TABLE(HOP(TABLE lefts, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))) L
JOIN (SELECT * FROM TABLE(HOP(TABLE rights, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))) R
ON L.k = R.k AND L.window_start = R.window_start AND L.window_end = R.window_end;

INSERT INTO agg_joined
SELECT L.k, L.window_start, L.window_end, L.cnt, R.total
FROM (
  SELECT k, window_start, window_end, COUNT(*) AS cnt
  FROM TABLE(TUMBLE(TABLE lefts, DESCRIPTOR(ts), INTERVAL '10' SECOND))
  GROUP BY k, window_start, window_end
) L
JOIN (
  SELECT k, window_start, window_end, SUM(w) AS total
  FROM TABLE(TUMBLE(TABLE rights, DESCRIPTOR(ts), INTERVAL '10' SECOND))
  GROUP BY k, window_start, window_end
) R
ON L.k = R.k AND L.window_start = R.window_start AND L.window_end = R.window_end;

INSERT INTO windowed_join
SELECT window_start, window_end, COUNT(*)
FROM TABLE(TUMBLE(TABLE inner_pairs, DESCRIPTOR(wt), INTERVAL '20' SECOND))
GROUP BY window_start, window_end;
