-- ARRAY and MAP columns read from JSON (arrays, objects, nested arrays; NULL and empty
-- collections, NULL elements, a missing field): element access (1-based, NULL out of range or on
-- a NULL collection), CARDINALITY, the ARRAY and MAP value constructors; CROSS JOIN UNNEST of an
-- array and of a map, LEFT JOIN UNNEST ... ON TRUE keeping rows whose array is NULL or empty; a
-- GROUP BY on an array element, on a whole array and on unnested map keys (updating results);
-- UNNEST WITH ORDINALITY. Only single-entry maps are printed whole: Flink's JSON reader keeps map
-- entries in hash order.
CREATE TABLE events (
  id BIGINT,
  usr STRING,
  tags ARRAY<STRING>,
  scores ARRAY<INT>,
  attrs MAP<STRING, STRING>,
  nested ARRAY<ARRAY<INT>>
) WITH (
  'connector' = 'filesystem',
  'path' = '${CASE_DIR}/events.json',
  'format' = 'json'
);

CREATE TABLE access_sink (
  id BIGINT,
  tags ARRAY<STRING>,
  first_score INT,
  third_score INT,
  color STRING,
  n_tags INT,
  n_attrs INT,
  first_nested ARRAY<INT>,
  inner_elem INT,
  built ARRAY<BIGINT>,
  one_entry MAP<CHAR(3) NOT NULL, STRING>
) WITH ('connector' = 'blackhole');

CREATE TABLE tag_sink (
  id BIGINT,
  tag STRING
) WITH ('connector' = 'blackhole');

CREATE TABLE score_sink (
  id BIGINT,
  usr STRING,
  score INT
) WITH ('connector' = 'blackhole');

CREATE TABLE attr_sink (
  id BIGINT,
  k STRING,
  v STRING
) WITH ('connector' = 'blackhole');

CREATE TABLE pos_sink (
  id BIGINT,
  score INT,
  pos INT
) WITH ('connector' = 'blackhole');

CREATE TABLE by_tags (
  tags ARRAY<STRING>,
  n BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE by_first_tag (
  first_tag STRING,
  n BIGINT,
  total_scores INT
) WITH ('connector' = 'blackhole');

CREATE TABLE by_attr (
  k STRING,
  n BIGINT,
  ids BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO access_sink
SELECT id, tags, scores[1], scores[3], attrs['color'], CARDINALITY(tags), CARDINALITY(attrs),
  nested[1], nested[1][2], ARRAY[id, id * 10], MAP['usr', usr]
FROM events;

INSERT INTO tag_sink
SELECT id, tag FROM events CROSS JOIN UNNEST(tags) AS t (tag);

INSERT INTO score_sink
SELECT e.id, e.usr, s.score FROM events AS e LEFT JOIN UNNEST(e.scores) AS s (score) ON TRUE;

INSERT INTO attr_sink
SELECT id, k, v FROM events CROSS JOIN UNNEST(attrs) AS a (k, v) WHERE v <> 'blue';

INSERT INTO pos_sink
SELECT id, score, pos FROM events CROSS JOIN UNNEST(scores) WITH ORDINALITY AS s (score, pos);

INSERT INTO by_tags
SELECT tags, COUNT(*) AS n FROM events WHERE id <> 3 GROUP BY tags;

INSERT INTO by_first_tag
SELECT tags[1] AS first_tag, COUNT(*) AS n, SUM(CARDINALITY(scores)) AS total_scores
FROM events
GROUP BY tags[1];

INSERT INTO by_attr
SELECT k, COUNT(*) AS n, SUM(id) AS ids
FROM events CROSS JOIN UNNEST(attrs) AS a (k, v)
GROUP BY k;
