-- 300,000 synthetic invoices over the last year, deterministic: 80 % paid, 10 % open, 8 % overdue,
-- 2 % void; 2 % are refunds (negative amounts).
WITH base AS (
  SELECT
    i,
    date_trunc('second', now()::TIMESTAMP) - to_seconds((hash(i, 'issued') % 31536000)::BIGINT) AS issued_at,
    hash(i, 'status') % 100 AS s
  FROM range(1, 300001) AS t(i)
)
SELECT
  i AS invoice_id,
  1 + (hash(i, 'customer') % 100000)::BIGINT AS customer_id,
  (CASE WHEN hash(i, 'refund') % 50 = 0 THEN -1 ELSE 1 END * (5 + (hash(i, 'amount') % 99500) / 100.0))::DECIMAL(12, 2) AS amount_eur,
  CASE WHEN s < 80 THEN 'paid' WHEN s < 90 THEN 'open' WHEN s < 98 THEN 'overdue' ELSE 'void' END AS status,
  issued_at,
  CASE WHEN s < 80 THEN least(issued_at + to_hours((hash(i, 'paid') % 480)::BIGINT), date_trunc('second', now()::TIMESTAMP)) END AS paid_at
FROM base
