-- TUMBLE with named arguments (DATA, TIMECOL, SIZE, OFFSET) and a bare SELECT (collect sink).
CREATE TABLE clicks (
  user_name STRING,
  url       STRING,
  ts        TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '100'
);

EXPLAIN SELECT window_start, window_end, user_name, COUNT(url) AS clicks
FROM TABLE(TUMBLE(DATA => TABLE clicks, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL '1' HOUR,
                  `OFFSET` => INTERVAL '10' MINUTE))
GROUP BY window_start, window_end, user_name;
