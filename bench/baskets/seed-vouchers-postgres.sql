-- One claimed 5.00 basket voucher of campaign :campaign for every seeded member of chain :chain (member number
-- 10000000 + g, see bench/members/seed-postgres.sql), keyed bv<g as 12 digits> so the wrk script can name it.
\set ON_ERROR_STOP on
INSERT INTO vouchers (key, chain_id, user_id, campaign_id, type, status, amount_original_cents, amount_redeemed_cents, currency_id,
    title, created_at, expires_at, version)
SELECT 'bv' || lpad((member_number::bigint - 10000000)::text, 12, '0'), :chain, id, :campaign, 'basket', 'claimed', 500, 0, 2,
    'Welcome gift', now(), now() + interval '1 year', 0
FROM users WHERE chain_id = :chain AND NOT is_admin AND username_normalized LIKE '%@bench.example';
ANALYZE vouchers;
