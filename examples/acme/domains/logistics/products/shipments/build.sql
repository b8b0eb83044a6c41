SELECT s.shipment_id, s.invoice_id, s.carrier, s.delivery_address, s.shipped_at, s.delivered_at, s.promised_days
FROM raw_shipments AS s
JOIN finance.invoices AS i USING (invoice_id)
WHERE i.status = 'paid'
