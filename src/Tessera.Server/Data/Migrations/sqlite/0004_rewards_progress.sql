-- 0004 campaign rewards (paid or pending), progress towards targets and its adjustments, LevelUp merchant tokens.

CREATE TABLE "campaign_progress" (
    "user_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "progress" INTEGER NOT NULL,
    "accomplishments" INTEGER NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "PK_campaign_progress" PRIMARY KEY ("user_id", "campaign_id"),
    CONSTRAINT "FK_campaign_progress_campaigns_campaign_id" FOREIGN KEY ("campaign_id") REFERENCES "campaigns" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_campaign_progress_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE TABLE "campaign_rewards" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_campaign_rewards" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "occurrence" TEXT NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "reward_type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "ledger_entry_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_campaign_rewards_campaigns_campaign_id" FOREIGN KEY ("campaign_id") REFERENCES "campaigns" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_campaign_rewards_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE TABLE "merchant_tokens" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_merchant_tokens" PRIMARY KEY AUTOINCREMENT,
    "token_hash" TEXT NOT NULL,
    "chain_id" INTEGER NOT NULL,
    "admin_user_id" INTEGER NOT NULL,
    "give_merchant_funded_credit" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    CONSTRAINT "FK_merchant_tokens_users_admin_user_id" FOREIGN KEY ("admin_user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "progress_adjustments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_progress_adjustments" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "adjustment" INTEGER NOT NULL,
    "audit_comment" TEXT NULL,
    "admin_user_id" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_progress_adjustments_campaigns_campaign_id" FOREIGN KEY ("campaign_id") REFERENCES "campaigns" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_progress_adjustments_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_campaign_progress_campaign_id" ON "campaign_progress" ("campaign_id");

CREATE UNIQUE INDEX "IX_campaign_rewards_campaign_id_user_id_occurrence" ON "campaign_rewards" ("campaign_id", "user_id", "occurrence");

CREATE INDEX "IX_campaign_rewards_user_id_status" ON "campaign_rewards" ("user_id", "status");

CREATE INDEX "IX_merchant_tokens_admin_user_id" ON "merchant_tokens" ("admin_user_id");

CREATE UNIQUE INDEX "IX_merchant_tokens_token_hash" ON "merchant_tokens" ("token_hash");

CREATE INDEX "IX_progress_adjustments_campaign_id" ON "progress_adjustments" ("campaign_id");

CREATE INDEX "IX_progress_adjustments_user_id_campaign_id" ON "progress_adjustments" ("user_id", "campaign_id");
