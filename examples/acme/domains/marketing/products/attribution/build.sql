-- Last touch: the campaign of the converting session itself; no campaign means a direct visit.
SELECT s.session_id, s.customer_id, s.campaign_id, coalesce(c.channel, 'direct') AS channel, s.started_at AS converted_at
FROM marketing.web_sessions AS s
LEFT JOIN marketing.campaigns AS c USING (campaign_id)
WHERE s.converted
