-- 0031: the clean-up job deletes sessions, cross-site tokens, export nonces and merchant tokens some time after
-- they expire; these indexes let it find them without reading whole tables.
CREATE INDEX "IX_sessions_expires_at" ON sessions (expires_at);

CREATE INDEX "IX_cross_site_tokens_expires_at" ON cross_site_tokens (expires_at);

CREATE INDEX "IX_export_nonces_expires_at" ON export_nonces (expires_at);

CREATE INDEX "IX_merchant_tokens_expires_at" ON merchant_tokens (expires_at);
