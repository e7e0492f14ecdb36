-- 0008 lean baskets: fewer rows, indexes and row locks per stored basket (docs/adr/0011-no-foreign-keys-on-the-basket-write-path.md).
--
-- 1. What a basket voucher redeemed and what a wallet earned on each line move into the line itself, as
--    compact JSON arrays: voucher_distribution [[voucher_id, amount_cents], ...] and progress_distribution
--    [[wallet_campaign_id, contributing_campaign_id, amount_cents], ...] (the line's user_id is the member who
--    earned). A ten-line basket then writes ten rows instead of thirty, with two indexes each instead of three.
-- 2. The foreign keys of the basket write path go: every basket, line, ledger entry and new wallet balance took a
--    FOR KEY SHARE row lock on its chain, member and wallet campaign (hot rows shared by every basket of a chain).
--    Those rows are never deleted (members are obfuscated, campaigns deactivated) and these rows are written by one
--    code path in the transaction that writes their parents. The indexes that served only those keys go with them,
--    and so do two that nothing reads: the ledger's (user_id, created_at), which (user_id, wallet_campaign_id,
--    created_at) serves as well, and the outbox's (chain_id, id); the dispatcher reads by (dispatched_at, id).
-- 3. vouchers: the member index no longer holds the status, and pages keep 10 % free, so locking and redeeming a
--    voucher (which change neither its member nor its key) are HOT updates that write no index entries.

ALTER TABLE basket_items ADD voucher_distribution text;
ALTER TABLE basket_items ADD progress_distribution text;

UPDATE basket_items i SET voucher_distribution = d.parts
FROM (SELECT basket_item_id, json_agg(json_build_array(voucher_id, amount_cents) ORDER BY id)::text AS parts
      FROM basket_voucher_distributions GROUP BY basket_item_id) d
WHERE d.basket_item_id = i.id;

UPDATE basket_items i SET progress_distribution = d.parts
FROM (SELECT basket_item_id, json_agg(json_build_array(wallet_campaign_id, contributing_campaign_id, amount_cents) ORDER BY id)::text AS parts
      FROM basket_progress_distributions GROUP BY basket_item_id) d
WHERE d.basket_item_id = i.id;

DROP TABLE basket_voucher_distributions;
DROP TABLE basket_progress_distributions;

ALTER TABLE baskets DROP CONSTRAINT "FK_baskets_chains_chain_id";
ALTER TABLE baskets DROP CONSTRAINT "FK_baskets_users_user_id";
ALTER TABLE basket_items DROP CONSTRAINT "FK_basket_items_baskets_basket_id";
ALTER TABLE ledger_entries DROP CONSTRAINT "FK_ledger_entries_campaigns_wallet_campaign_id";
ALTER TABLE ledger_entries DROP CONSTRAINT "FK_ledger_entries_users_user_id";
DROP INDEX "IX_ledger_entries_wallet_campaign_id";
DROP INDEX "IX_ledger_entries_user_id_created_at";
ALTER TABLE member_wallets DROP CONSTRAINT "FK_member_wallets_users_user_id";
ALTER TABLE member_wallets DROP CONSTRAINT "FK_member_wallets_campaigns_campaign_id";
DROP INDEX "IX_member_wallets_campaign_id";
DROP INDEX "IX_outbox_events_chain_id_id";

DROP INDEX "IX_vouchers_user_id_status";
CREATE INDEX "IX_vouchers_user_id" ON vouchers (user_id);
ALTER TABLE vouchers SET (fillfactor = 90);
