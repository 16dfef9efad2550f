-- GROUP BY over updating inputs: a histogram over another GROUP BY's result, and a global
-- aggregate over a LEFT JOIN; both retract -U/-D rows (Flink's *_RETRACT functions).
CREATE TABLE clicks (
  user_id STRING,
  url     STRING,
  amount  BIGINT
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '100'
);

CREATE TABLE users (
  user_id STRING,
  country STRING
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '10'
);

CREATE TABLE histogram (
  cnt     BIGINT,
  users   BIGINT,
  lowest  BIGINT,
  highest BIGINT,
  urls    BIGINT
) WITH ('connector' = 'print');

EXPLAIN INSERT INTO histogram
SELECT cnt, COUNT(*) AS users, MIN(total) AS lowest, MAX(total) AS highest, COUNT(DISTINCT last_url) AS urls
FROM (SELECT user_id, COUNT(*) AS cnt, SUM(amount) AS total, MAX(url) AS last_url FROM clicks GROUP BY user_id)
GROUP BY cnt;

CREATE TABLE totals (
  clicks    BIGINT,
  unmatched BIGINT,
  total     BIGINT
) WITH ('connector' = 'print');

EXPLAIN INSERT INTO totals
SELECT COUNT(*), COUNT(*) FILTER (WHERE u.country IS NULL), SUM(c.amount)
FROM clicks AS c LEFT JOIN users AS u ON c.user_id = u.user_id;
