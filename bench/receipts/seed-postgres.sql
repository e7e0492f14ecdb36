-- Seeds :n receipts (stored baskets) into chain :chain for :members members at two branches, set-based, with the
-- columns add-basket writes (a one-line basket, a tax line, the balances after it). psql -v chain=1 -v n=1000000 -v members=10000
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO businesses (chain_id, name, owner_code, town_city, country_code, created_at, updated_at)
SELECT :chain, 'Branch ' || g, 'B' || g, 'Cape Town', 'ZA', now(), now() FROM generate_series(1, 2) AS g;

INSERT INTO users (is_admin, chain_id, username_scope, username, username_normalized, first_name, last_name, gender,
    member_number, member_number_custom, mailing_list_sub_offered, mailing_list_subscribed, printed_mailing_list_subscribed,
    programme_opted_in, registered, is_employee, obfuscated, country_code, address_postalcode, created_at, updated_at)
SELECT false, :chain, :chain, 'shopper.' || g || '@bench.example', 'shopper.' || g || '@bench.example', 'Anna', 'van der Berg ' || g,
    CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END, (20000000 + g)::text, true, false, false, false, true, true, false, false, 'NL', '2150 AD', now(), now()
FROM generate_series(1, :members) AS g;

WITH m AS (SELECT min(id) AS first FROM users WHERE chain_id = :chain AND NOT is_admin),
     b AS (SELECT min(id) AS first FROM businesses WHERE chain_id = :chain)
INSERT INTO baskets (chain_id, business_id, user_id, retailer_basket_code, platform_type, currency_id, total_cents, items_subtotal_cents,
    adjusted_total_cents, shipping_cents, country_code, purchased_at, timezone_name, member_programme, payments_json, taxes_json,
    purchase_item_count, return_item_count, response, created_at, lines, wallet_balance_cents, points_balance_cents)
SELECT :chain, b.first + g % 2, m.first + g % :members, 'R-' || g, CASE WHEN g % 3 = 0 THEN 'online' ELSE 'in_store' END, 2, 4390, 4390,
    4390, 326, 'NL', timestamptz '2025-01-01' + g * interval '20 seconds', 'UTC', 'spaaza', '[{"payment_method":"card","payment_amount":43.90}]',
    '[{"tax_rate":0.21,"tax_total":7.62}]', 1, 0, '', now(),
    '[{"id":' || g || ',"position":0,"item_barcode":"3385100168132","retailer_product_code":"ACME00001","item_type":"product","quantity":1,"price_cents":4390,"subtotal_cents":4390,"promotional":false,"excluded":false,"is_return":false}]',
    439 * (g / :members + 1), 0
FROM generate_series(1, :n) AS g, m, b;
COMMIT;
ANALYZE baskets;
ANALYZE users;
