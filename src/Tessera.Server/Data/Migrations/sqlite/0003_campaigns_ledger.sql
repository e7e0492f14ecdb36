-- 0003 campaigns and the ledger: campaigns, member wallets (balances), ledger entries; the points unit.

CREATE TABLE "campaigns" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_campaigns" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "active" INTEGER NOT NULL,
    "currency_id" INTEGER NULL,
    "config" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "FK_campaigns_chains_chain_id" FOREIGN KEY ("chain_id") REFERENCES "chains" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_campaigns_currencies_currency_id" FOREIGN KEY ("currency_id") REFERENCES "currencies" ("id") ON DELETE RESTRICT
);

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
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_ledger_entries_campaigns_wallet_campaign_id" FOREIGN KEY ("wallet_campaign_id") REFERENCES "campaigns" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ledger_entries_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE TABLE "member_wallets" (
    "user_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "balance_cents" INTEGER NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "PK_member_wallets" PRIMARY KEY ("user_id", "campaign_id"),
    CONSTRAINT "FK_member_wallets_campaigns_campaign_id" FOREIGN KEY ("campaign_id") REFERENCES "campaigns" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_member_wallets_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_campaigns_chain_id_type_active" ON "campaigns" ("chain_id", "type", "active");

CREATE INDEX "IX_campaigns_currency_id" ON "campaigns" ("currency_id");

CREATE INDEX "IX_ledger_entries_user_id_created_at" ON "ledger_entries" ("user_id", "created_at");

CREATE INDEX "IX_ledger_entries_user_id_wallet_campaign_id_created_at" ON "ledger_entries" ("user_id", "wallet_campaign_id", "created_at");

CREATE INDEX "IX_ledger_entries_wallet_campaign_id" ON "ledger_entries" ("wallet_campaign_id");

CREATE INDEX "IX_member_wallets_campaign_id" ON "member_wallets" ("campaign_id");

INSERT INTO currencies (id, code, name, symbol, minor_units) VALUES (5, 'PTS', 'Points', 'pts', 2);
