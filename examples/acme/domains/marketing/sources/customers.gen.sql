-- 100,000 synthetic customers for the example mesh. Deterministic: every value derives from the row
-- number, so every machine generates the same people (timestamps relative to the moment of generation).
SELECT
  i AS customer_id,
  'customer' || i || '@' || (['example.com', 'mail.example', 'post.example'])[1 + (hash(i, 'domain') % 3)::BIGINT] AS email,
  (['Ada', 'Ben', 'Chloe', 'Dev', 'Eva', 'Finn', 'Gita', 'Hugo', 'Ines', 'Jan', 'Kira', 'Luca'])[1 + (hash(i, 'first') % 12)::BIGINT]
    || ' ' ||
  (['Meyer', 'Silva', 'Novak', 'Rossi', 'Jensen', 'Kowalski', 'Dubois', 'Garcia', 'Smit', 'Nowak'])[1 + (hash(i, 'last') % 10)::BIGINT] AS full_name,
  (1 + hash(i, 'house') % 250)::VARCHAR || ' ' ||
  (['High Street', 'Station Road', 'Market Square', 'Park Lane', 'Church Street', 'Mill Road'])[1 + (hash(i, 'street') % 6)::BIGINT] AS street_address,
  (['DE', 'FR', 'NL', 'ES', 'IT', 'PL', 'SE'])[1 + (hash(i, 'country') % 7)::BIGINT] AS country,
  date_trunc('second', now()::TIMESTAMP) - to_seconds((hash(i, 'signup') % 63072000)::BIGINT) AS signup_at,
  hash(i, 'opt-in') % 3 <> 0 AS marketing_opt_in
FROM range(1, 100001) AS t(i)
