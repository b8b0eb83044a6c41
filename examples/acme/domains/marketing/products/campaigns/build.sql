-- The campaign plan is a CSV; pin the types the contract promises.
SELECT
  campaign_id::INTEGER AS campaign_id,
  campaign_name,
  channel,
  started_on::DATE AS started_on,
  budget_eur::DECIMAL(12, 2) AS budget_eur
FROM raw_campaigns
