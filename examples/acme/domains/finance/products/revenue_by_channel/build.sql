WITH first_touch AS (
  SELECT customer_id, arg_min(channel, converted_at) AS channel
  FROM marketing.attribution
  WHERE customer_id IS NOT NULL
  GROUP BY customer_id
)
SELECT date_trunc('month', i.paid_at)::DATE AS month,
       coalesce(f.channel, 'unattributed') AS channel,
       sum(i.amount_eur)::DECIMAL(18,2) AS revenue_eur,
       count(*) AS invoice_count
FROM finance.invoices AS i
LEFT JOIN first_touch AS f USING (customer_id)
WHERE i.status = 'paid'
GROUP BY ALL
