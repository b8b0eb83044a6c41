-- One row per customer; the CRM export can repeat a customer after an edit, keep the latest row.
SELECT customer_id, lower(email) AS email, full_name, street_address, country, signup_at, marketing_opt_in
FROM raw_customers
QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY signup_at DESC) = 1
