-- 0008 lean baskets (see the PostgreSQL script for why): distributions move into their lines as JSON arrays,
-- the basket write path (baskets, lines, ledger entries, wallet balances) loses its foreign keys and a few unread
-- indexes, and the vouchers' member index no longer holds the status.
-- SQLite drops a foreign key by rebuilding the table. The old table is renamed with legacy_alter_table on, so
-- the foreign keys of other tables that name it (basket_codes, return_transactions) keep naming the new one,
-- and dropping the old table cascades nowhere.

ALTER TABLE "basket_items" ADD "voucher_distribution" TEXT NULL;
ALTER TABLE "basket_items" ADD "progress_distribution" TEXT NULL;

UPDATE "basket_items" SET "voucher_distribution" = (
    SELECT json_group_array(json_array(d."voucher_id", d."amount_cents"))
    FROM (SELECT * FROM "basket_voucher_distributions" ORDER BY "id") d WHERE d."basket_item_id" = "basket_items"."id")
WHERE EXISTS (SELECT 1 FROM "basket_voucher_distributions" d WHERE d."basket_item_id" = "basket_items"."id");

UPDATE "basket_items" SET "progress_distribution" = (
    SELECT json_group_array(json_array(d."wallet_campaign_id", d."contributing_campaign_id", d."amount_cents"))
    FROM (SELECT * FROM "basket_progress_distributions" ORDER BY "id") d WHERE d."basket_item_id" = "basket_items"."id")
WHERE EXISTS (SELECT 1 FROM "basket_progress_distributions" d WHERE d."basket_item_id" = "basket_items"."id");

DROP TABLE "basket_voucher_distributions";
DROP TABLE "basket_progress_distributions";

PRAGMA legacy_alter_table = ON;

ALTER TABLE "baskets" RENAME TO "baskets_0007";
CREATE TABLE "baskets" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_baskets" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "business_id" INTEGER NULL,
    "user_id" INTEGER NULL,
    "retailer_basket_code" TEXT NOT NULL,
    "platform_type" TEXT NOT NULL,
    "currency_id" INTEGER NOT NULL,
    "total_cents" INTEGER NOT NULL,
    "items_subtotal_cents" INTEGER NULL,
    "adjusted_total_cents" INTEGER NOT NULL,
    "shipping_cents" INTEGER NOT NULL,
    "country_code" TEXT NULL,
    "purchased_at" TEXT NOT NULL,
    "timestamp_iso_8601" TEXT NULL,
    "timezone_name" TEXT NOT NULL,
    "voucher_locking_code" TEXT NULL,
    "employee_code" TEXT NULL,
    "employee_name" TEXT NULL,
    "member_programme" TEXT NULL,
    "notes" TEXT NULL,
    "payments_json" TEXT NOT NULL,
    "taxes_json" TEXT NOT NULL,
    "purchase_item_count" INTEGER NOT NULL,
    "return_item_count" INTEGER NOT NULL,
    "response" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
);
INSERT INTO "baskets" SELECT * FROM "baskets_0007";
DROP TABLE "baskets_0007";
CREATE UNIQUE INDEX "IX_baskets_chain_id_retailer_basket_code" ON "baskets" ("chain_id", "retailer_basket_code");
CREATE INDEX "IX_baskets_user_id_purchased_at" ON "baskets" ("user_id", "purchased_at");

ALTER TABLE "basket_items" RENAME TO "basket_items_0007";
CREATE TABLE "basket_items" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_basket_items" PRIMARY KEY AUTOINCREMENT,
    "basket_id" INTEGER NOT NULL,
    "chain_id" INTEGER NOT NULL,
    "user_id" INTEGER NULL,
    "position" INTEGER NOT NULL,
    "item_barcode" TEXT NULL,
    "retailer_product_code" TEXT NULL,
    "retailer_item_code" TEXT NULL,
    "product_id" INTEGER NULL,
    "product_variant_id" INTEGER NULL,
    "product_name" TEXT NULL,
    "item_type" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "price_cents" INTEGER NOT NULL,
    "subtotal_cents" INTEGER NOT NULL,
    "promotional" INTEGER NOT NULL,
    "excluded" INTEGER NOT NULL,
    "is_return" INTEGER NOT NULL,
    "original_item_id" INTEGER NULL,
    "returned_quantity" INTEGER NOT NULL,
    "purchased_at" TEXT NOT NULL,
    "voucher_distribution" TEXT NULL,
    "progress_distribution" TEXT NULL
);
INSERT INTO "basket_items" SELECT * FROM "basket_items_0007";
DROP TABLE "basket_items_0007";
CREATE INDEX "IX_basket_items_basket_id" ON "basket_items" ("basket_id");
CREATE INDEX "IX_basket_items_user_id_item_barcode_purchased_at" ON "basket_items" ("user_id", "item_barcode", "purchased_at");

ALTER TABLE "ledger_entries" RENAME TO "ledger_entries_0007";
CREATE TABLE "ledger_entries" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_ledger_entries" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "wallet_campaign_id" INTEGER NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "contributing_campaign_id" INTEGER NULL,
    "basket_id" INTEGER NULL,
    "receipt_id" INTEGER NULL,
    "retailer_basket_code" TEXT NULL,
    "log_message" TEXT NULL,
    "mutation_owner_id" INTEGER NULL,
    "owner_is_super_user" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL
);
INSERT INTO "ledger_entries" SELECT * FROM "ledger_entries_0007";
DROP TABLE "ledger_entries_0007";
CREATE INDEX "IX_ledger_entries_user_id_wallet_campaign_id_created_at" ON "ledger_entries" ("user_id", "wallet_campaign_id", "created_at");

ALTER TABLE "member_wallets" RENAME TO "member_wallets_0007";
CREATE TABLE "member_wallets" (
    "user_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "balance_cents" INTEGER NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "PK_member_wallets" PRIMARY KEY ("user_id", "campaign_id")
);
INSERT INTO "member_wallets" SELECT * FROM "member_wallets_0007";
DROP TABLE "member_wallets_0007";

PRAGMA legacy_alter_table = OFF;

DROP INDEX "IX_outbox_events_chain_id_id";

DROP INDEX "IX_vouchers_user_id_status";
CREATE INDEX "IX_vouchers_user_id" ON "vouchers" ("user_id");
