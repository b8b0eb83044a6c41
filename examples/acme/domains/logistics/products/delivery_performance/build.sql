SELECT date_trunc('week', shipped_at)::DATE AS week, carrier, count(*) AS delivered,
       avg((delivered_at <= shipped_at + to_days(promised_days))::INTEGER) AS on_time_rate,
       avg(epoch(delivered_at - shipped_at) / 3600) AS avg_delivery_hours
FROM logistics.shipments
WHERE delivered_at IS NOT NULL
GROUP BY ALL
