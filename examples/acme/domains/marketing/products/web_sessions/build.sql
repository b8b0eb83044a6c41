SELECT session_id, customer_id, campaign_id, started_at, page_views, converted FROM raw_sessions
