-- 0005 vouchers.

CREATE TABLE "vouchers" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_vouchers" PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "chain_id" INTEGER NOT NULL,
    "user_id" INTEGER NULL,
    "campaign_id" INTEGER NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "amount_original_cents" INTEGER NULL,
    "amount_redeemed_cents" INTEGER NOT NULL,
    "discount_ratio_milli" INTEGER NULL,
    "currency_id" INTEGER NULL,
    "title" TEXT NULL,
    "text" TEXT NULL,
    "description" TEXT NULL,
    "notes" TEXT NULL,
    "image_url" TEXT NULL,
    "honour_code" TEXT NULL,
    "creating_user_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NULL,
    "locked_until" TEXT NULL,
    "locking_code" TEXT NULL,
    "retailer_basket_code_exclusive" TEXT NULL,
    "parent_voucher_id" INTEGER NULL,
    "redeeming_basket_id" INTEGER NULL,
    "redeemed_at" TEXT NULL,
    "wallet_campaign_id" INTEGER NULL,
    "campaign_reward_id" INTEGER NULL,
    "deleted_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_vouchers_campaigns_campaign_id" FOREIGN KEY ("campaign_id") REFERENCES "campaigns" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_vouchers_chains_chain_id" FOREIGN KEY ("chain_id") REFERENCES "chains" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_vouchers_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_vouchers_vouchers_parent_voucher_id" FOREIGN KEY ("parent_voucher_id") REFERENCES "vouchers" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_vouchers_campaign_id" ON "vouchers" ("campaign_id");

CREATE UNIQUE INDEX "IX_vouchers_campaign_reward_id" ON "vouchers" ("campaign_reward_id");

CREATE INDEX "IX_vouchers_chain_id_created_at" ON "vouchers" ("chain_id", "created_at");

CREATE UNIQUE INDEX "IX_vouchers_key" ON "vouchers" ("key");

CREATE INDEX "IX_vouchers_parent_voucher_id" ON "vouchers" ("parent_voucher_id");

CREATE INDEX "IX_vouchers_user_id_status" ON "vouchers" ("user_id", "status");
