-- Seeds :n vouchers for chain :chain, spread over the chain's members, as create-voucher would have written them.
\set ON_ERROR_STOP on
INSERT INTO vouchers (key, chain_id, user_id, campaign_id, type, status, amount_original_cents, amount_redeemed_cents, currency_id,
    title, text, created_at, expires_at, version)
SELECT md5(g::text || 'a') || md5(g::text || 'b'), :chain, u.id, :campaign, 'basket',
    CASE WHEN g % 3 = 0 THEN 'claimed' ELSE 'generated' END, 500 + g % 1000, 0, 2,
    'Voucher ' || g, 'Thanks, "valued" customer, enjoy', now() - (g % 1000) * interval '1 minute', now() + interval '1 year', 0
FROM generate_series(1, :n) AS g
JOIN LATERAL (SELECT id FROM users WHERE chain_id = :chain AND NOT is_admin ORDER BY id LIMIT 1 OFFSET (g % :members)) u ON true;
ANALYZE vouchers;
