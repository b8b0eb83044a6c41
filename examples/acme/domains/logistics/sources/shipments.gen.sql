-- 250,000 synthetic shipments over the last 180 days, deterministic; 3 % still in transit.
WITH base AS (
  SELECT i, date_trunc('second', now()::TIMESTAMP) - to_seconds((hash(i, 'shipped') % 15552000)::BIGINT) AS shipped_at
  FROM range(1, 250001) AS t(i)
)
SELECT
  i AS shipment_id,
  1 + (hash(i, 'invoice') % 300000)::BIGINT AS invoice_id,
  (['dhl', 'ups', 'dpd', 'gls', 'postnl'])[1 + (hash(i, 'carrier') % 5)::BIGINT] AS carrier,
  (1 + hash(i, 'house') % 250)::VARCHAR || ' ' ||
  (['High Street', 'Station Road', 'Market Square', 'Park Lane', 'Church Street', 'Mill Road'])[1 + (hash(i, 'street') % 6)::BIGINT] AS delivery_address,
  shipped_at,
  CASE WHEN hash(i, 'transit') % 100 >= 3
    THEN least(shipped_at + to_hours((12 + hash(i, 'delivery') % 190)::BIGINT), date_trunc('second', now()::TIMESTAMP)) END AS delivered_at,
  (1 + hash(i, 'promise') % 5)::INTEGER AS promised_days
FROM base
