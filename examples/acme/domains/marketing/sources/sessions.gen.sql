-- 500,000 synthetic web sessions over the last 180 days, deterministic. About 60 % of visitors are signed
-- in, 70 % arrive through a campaign and 5 % convert.
SELECT
  i AS session_id,
  CASE WHEN hash(i, 'signed-in') % 10 < 6 THEN 1 + (hash(i, 'customer') % 100000)::BIGINT END AS customer_id,
  CASE WHEN hash(i, 'campaign?') % 10 < 7 THEN (1 + hash(i, 'campaign') % 200)::INTEGER END AS campaign_id,
  date_trunc('second', now()::TIMESTAMP) - to_seconds((hash(i, 'start') % 15552000)::BIGINT) AS started_at,
  (1 + hash(i, 'views') % 40)::INTEGER AS page_views,
  hash(i, 'converted') % 100 < 5 AS converted
FROM range(1, 500001) AS t(i)
