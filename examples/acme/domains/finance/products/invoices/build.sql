SELECT i.invoice_id, i.customer_id, c.full_name AS billing_name, c.email AS billing_email,
       i.amount_eur, i.status, i.issued_at, i.paid_at
FROM raw_invoices AS i
JOIN marketing.customers AS c USING (customer_id)
