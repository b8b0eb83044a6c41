SELECT campaign_id, campaign_name, channel, started_on, budget_eur FROM raw_campaigns
