-- What each assistant reply cost at its model's list prices, in US dollars; null when unknown.
-- Nine decimals hold any per-token price times any token count exactly.
ALTER TABLE messages ADD COLUMN cost_usd numeric(18, 9) CHECK (cost_usd >= 0);
