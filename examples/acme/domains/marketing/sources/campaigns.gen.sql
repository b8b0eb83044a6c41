-- 200 synthetic campaigns for the example mesh, deterministic.
SELECT
  i::INTEGER AS campaign_id,
  (['Spring', 'Summer', 'Autumn', 'Winter', 'Launch', 'Loyalty'])[1 + (hash(i, 'theme') % 6)::BIGINT] || ' campaign ' || i AS campaign_name,
  (['email', 'search', 'social', 'display', 'affiliate'])[1 + (hash(i, 'channel') % 5)::BIGINT] AS channel,
  (current_date - to_days((hash(i, 'start') % 700)::INTEGER))::DATE AS started_on,
  round(1000 + (hash(i, 'budget') % 99000) / 1.0, 2)::DECIMAL(12, 2) AS budget_eur
FROM range(1, 201) AS t(i)
