-- Computed columns and CAST in DDL: the CSV holds text and numbers; the table derives a BIGINT
-- from a STRING (SUBSTRING + CAST), a DECIMAL(10, 2) by CAST from DOUBLE
-- (rounding), a BOOLEAN from an INT, and the rowtime with TO_TIMESTAMP from a string, which the
-- WATERMARK uses. One query windows over the computed columns (across midnight); one projects
-- them straight into a sink with further CASTs. Rows 8 and 12 are late by far more than the 1 s
-- watermark delay, and row 4 (23:59:57) arrives when the watermark has just reached midnight:
-- none of them reach the windows (the plain projection keeps them).
-- weir-parallelism-1-only: the case has late rows; at parallelism 2 whether a row is late depends on
-- when the other (empty) source subtask's end of input reaches the window, a race in Flink as well.
CREATE TABLE raw_events (
  code STRING,
  qty INT,
  price_d DOUBLE,
  ts_text STRING,
  flag INT,
  grp AS SUBSTRING(code, 1, 1),
  seq AS CAST(SUBSTRING(code, 3) AS BIGINT),
  price AS CAST(price_d AS DECIMAL(10, 2)),
  is_flagged AS CAST(flag AS BOOLEAN),
  ts AS TO_TIMESTAMP(ts_text),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/input.csv',
  'format' = 'csv'
);

CREATE TABLE windowed (
  grp STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  cnt BIGINT,
  max_seq BIGINT,
  total_price DECIMAL(38, 2),
  qty_d DOUBLE
) WITH ('connector' = 'blackhole');

CREATE TABLE projected (
  seq BIGINT,
  grp STRING,
  price DECIMAL(10, 2),
  is_flagged BOOLEAN,
  ts TIMESTAMP(3),
  qty_text STRING,
  price_int INT,
  qty_dec DECIMAL(5, 1),
  day_of_ts DATE,
  flag_text STRING
) WITH ('connector' = 'blackhole');

INSERT INTO windowed
SELECT grp, window_start, window_end, COUNT(*) AS cnt, MAX(seq) AS max_seq, SUM(price) AS total_price,
       SUM(CAST(qty AS DOUBLE)) AS qty_d
FROM TABLE(TUMBLE(TABLE raw_events, DESCRIPTOR(ts), INTERVAL '5' SECOND))
GROUP BY grp, window_start, window_end;

INSERT INTO projected
SELECT seq, grp, price, is_flagged, ts, CAST(qty AS STRING) AS qty_text, CAST(price AS INT) AS price_int,
       CAST(qty AS DECIMAL(5, 1)) AS qty_dec, CAST(ts AS DATE) AS day_of_ts, CAST(is_flagged AS STRING) AS flag_text
FROM raw_events;
