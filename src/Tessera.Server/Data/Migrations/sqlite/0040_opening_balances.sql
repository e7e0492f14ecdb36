-- 0040: opening balances imported from another system (import balances): one ledger entry per member and wallet,
-- recorded here so that importing the same file again credits nothing twice.
CREATE TABLE "opening_balances" (
    "user_id" INTEGER NOT NULL,
    "wallet_campaign_id" INTEGER NOT NULL,
    "chain_id" INTEGER NOT NULL,
    "ledger_entry_id" INTEGER NOT NULL,
    "imported_at" TEXT NOT NULL,
    CONSTRAINT "PK_opening_balances" PRIMARY KEY ("user_id", "wallet_campaign_id"),
    CONSTRAINT "FK_opening_balances_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_opening_balances_campaigns_wallet_campaign_id" FOREIGN KEY ("wallet_campaign_id") REFERENCES "campaigns" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_opening_balances_ledger_entries_ledger_entry_id" FOREIGN KEY ("ledger_entry_id") REFERENCES "ledger_entries" ("id") ON DELETE RESTRICT
);
