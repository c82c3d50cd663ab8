-- OAuth logins are stored like API keys (their tokens only inside the ciphertext); what is new is
-- when the access token expires, shown to the user and used to renew it in time. Null for API keys.
ALTER TABLE provider_credentials ADD COLUMN expires_at timestamptz;
