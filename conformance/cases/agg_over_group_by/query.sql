-- Aggregations over another GROUP BY's updating result. Per user: n clicks, total amount, last
-- (greatest) page. As users click, their rows move from bucket n to n + 1 (-U from one group, +U
-- into the next), so the outer aggregates retract: bucket 1 empties twice (-D) and fills again in
-- between; bucket 2 ends with only u3, whose amounts are all NULL (SUM/MIN/MAX/AVG NULL again);
-- bucket 2's MAX(total) loses its extreme (u5, 11) and has to find the next one. The global
-- aggregate and the histogram with HAVING (a filter over the inner changelog) are updating too.
CREATE TABLE clicks (
  id BIGINT,
  user_id STRING,
  page STRING,
  amount INT
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/clicks.json',
  'format' = 'json'
);

CREATE TABLE histogram (
  n BIGINT,
  users BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE per_bucket (
  n BIGINT,
  users BIGINT,
  total INT,
  smallest INT,
  biggest INT,
  average INT,
  distinct_totals BIGINT,
  distinct_last_pages BIGINT,
  sum_distinct INT,
  rich BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE overall (
  users BIGINT,
  total INT,
  biggest INT,
  smallest_n BIGINT,
  last_page STRING
) WITH ('connector' = 'blackhole');

INSERT INTO histogram
SELECT n, COUNT(*) AS users
FROM (SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id)
GROUP BY n;

INSERT INTO per_bucket
SELECT n, COUNT(*) AS users, SUM(total) AS total, MIN(total) AS smallest, MAX(total) AS biggest,
  AVG(total) AS average, COUNT(DISTINCT total) AS distinct_totals,
  COUNT(DISTINCT last_page) AS distinct_last_pages, SUM(DISTINCT total) AS sum_distinct,
  COUNT(*) FILTER (WHERE total >= 14) AS rich
FROM (
  SELECT user_id, COUNT(*) AS n, SUM(amount) AS total, MAX(page) AS last_page
  FROM clicks GROUP BY user_id)
GROUP BY n;

INSERT INTO overall
SELECT COUNT(*) AS users, SUM(total) AS total, MAX(total) AS biggest, MIN(n) AS smallest_n,
  MAX(last_page) AS last_page
FROM (
  SELECT user_id, COUNT(*) AS n, SUM(amount) AS total, MAX(page) AS last_page
  FROM clicks GROUP BY user_id);

INSERT INTO histogram
SELECT n, COUNT(*) AS users
FROM (SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id HAVING SUM(amount) > 6)
GROUP BY n;
