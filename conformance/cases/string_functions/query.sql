-- String functions in a plain projection with a filter, straight from a JSON source into a sink:
-- CONCAT (NULL if any argument is NULL), CONCAT_WS (skips NULLs), UPPER, LOWER, TRIM, SUBSTRING
-- (with and without a length, past the end), CHAR_LENGTH (non-ASCII, empty), COALESCE, IF, CASE.
-- Values with commas, quotes and the text \N itself check the CSV rendering; row 6 is filtered out;
-- rows 1 and 7 are near-duplicates.
CREATE TABLE people (
  id BIGINT,
  `first` STRING,
  `last` STRING,
  city STRING,
  note STRING,
  n INT
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/input.json',
  'format' = 'json'
);

CREATE TABLE out_strings (
  id BIGINT,
  full_name STRING,
  full_name_ws STRING,
  upper_last STRING,
  lower_first STRING,
  trimmed_city STRING,
  trimmed_len INT,
  sub_from_2 STRING,
  sub_2_3 STRING,
  sub_past_end STRING,
  first_len INT,
  city_or_unknown STRING,
  sign_of_n STRING,
  note STRING,
  n_text STRING
) WITH ('connector' = 'blackhole');

INSERT INTO out_strings
SELECT id,
       CONCAT(`first`, ' ', `last`) AS full_name,
       CONCAT_WS('-', `first`, city, `last`) AS full_name_ws,
       UPPER(`last`) AS upper_last,
       LOWER(`first`) AS lower_first,
       TRIM(city) AS trimmed_city,
       CHAR_LENGTH(TRIM(city)) AS trimmed_len,
       SUBSTRING(`last`, 2) AS sub_from_2,
       SUBSTRING(`last`, 2, 3) AS sub_2_3,
       SUBSTRING(`first`, 4, 10) AS sub_past_end,
       CHAR_LENGTH(`first`) AS first_len,
       COALESCE(TRIM(city), `first`, 'unknown') AS city_or_unknown,
       IF(n > 0, 'positive', IF(n = 0, 'zero', 'negative')) AS sign_of_n,
       note,
       CASE WHEN n IS NULL THEN 'none' ELSE CONCAT('n=', CAST(n AS STRING)) END AS n_text
FROM people
WHERE note IS NULL OR note <> 'skip me';
