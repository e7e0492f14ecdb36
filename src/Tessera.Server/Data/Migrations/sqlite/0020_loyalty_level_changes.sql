-- 0020: every change of a member's loyalty level, kept for its shopper.loyalty-level-changed event (spec status level
-- webhook: the change's "id", "log_message", "mutation_owner_id"). Written in the transaction of the change.
CREATE TABLE "loyalty_level_changes" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_loyalty_level_changes" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "loyalty_level_id" INTEGER NOT NULL,
    "previous_loyalty_level_id" INTEGER NULL,
    "log_message" TEXT NOT NULL,
    "mutation_owner_id" INTEGER NULL,
    "created_at" TEXT NOT NULL
);

CREATE INDEX "IX_loyalty_level_changes_user_id" ON "loyalty_level_changes" ("user_id");
