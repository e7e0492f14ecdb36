-- 0002 members: stores of sign-up and home, referral, notes, search terms, loyalty level assignments,
-- the event outbox and export nonces.

ALTER TABLE "apps" ADD "member_number_max" INTEGER NULL;
ALTER TABLE "users" ADD "affiliate_code" TEXT NULL;
ALTER TABLE "users" ADD "signup_store_id" INTEGER NULL CONSTRAINT "FK_users_businesses_signup_store_id" REFERENCES "businesses" ("id") ON DELETE SET NULL;
ALTER TABLE "users" ADD "home_store_id" INTEGER NULL CONSTRAINT "FK_users_businesses_home_store_id" REFERENCES "businesses" ("id") ON DELETE SET NULL;

CREATE TABLE "outbox_events" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_outbox_events" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "dispatched_at" TEXT NULL,
    "attempts" INTEGER NOT NULL
);

CREATE TABLE "server_secrets" (
    "name" TEXT NOT NULL CONSTRAINT "PK_server_secrets" PRIMARY KEY,
    "value" TEXT NOT NULL
);

CREATE TABLE "export_nonces" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_export_nonces" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "entity" TEXT NOT NULL,
    "nonce_hash" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    "used_at" TEXT NULL,
    CONSTRAINT "FK_export_nonces_chains_chain_id" FOREIGN KEY ("chain_id") REFERENCES "chains" ("id") ON DELETE RESTRICT
);

CREATE TABLE "loyalty_levels" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_loyalty_levels" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NULL,
    "position" INTEGER NOT NULL,
    "automated_level_logic" INTEGER NOT NULL,
    CONSTRAINT "FK_loyalty_levels_chains_chain_id" FOREIGN KEY ("chain_id") REFERENCES "chains" ("id") ON DELETE RESTRICT
);

CREATE TABLE "member_loyalty_levels" (
    "user_id" INTEGER NOT NULL CONSTRAINT "PK_member_loyalty_levels" PRIMARY KEY,
    "loyalty_level_id" INTEGER NOT NULL,
    "date_reached" TEXT NOT NULL,
    "last_review_date" TEXT NULL,
    "next_review_date" TEXT NULL,
    CONSTRAINT "FK_member_loyalty_levels_loyalty_levels_loyalty_level_id" FOREIGN KEY ("loyalty_level_id") REFERENCES "loyalty_levels" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_member_loyalty_levels_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "member_search_terms" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_member_search_terms" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "term" TEXT NOT NULL,
    CONSTRAINT "FK_member_search_terms_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "user_notes" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_user_notes" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "creating_user_id" INTEGER NULL,
    CONSTRAINT "FK_user_notes_chains_chain_id" FOREIGN KEY ("chain_id") REFERENCES "chains" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_user_notes_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_export_nonces_chain_id" ON "export_nonces" ("chain_id");

CREATE UNIQUE INDEX "IX_export_nonces_nonce_hash" ON "export_nonces" ("nonce_hash");

CREATE INDEX "IX_loyalty_levels_chain_id_campaign_id" ON "loyalty_levels" ("chain_id", "campaign_id");

CREATE INDEX "IX_member_loyalty_levels_loyalty_level_id" ON "member_loyalty_levels" ("loyalty_level_id");

CREATE INDEX "IX_member_search_terms_chain_id_term_user_id" ON "member_search_terms" ("chain_id", "term", "user_id");

CREATE INDEX "IX_member_search_terms_user_id" ON "member_search_terms" ("user_id");

CREATE INDEX "IX_outbox_events_chain_id_id" ON "outbox_events" ("chain_id", "id");

CREATE INDEX "IX_outbox_events_dispatched_at_id" ON "outbox_events" ("dispatched_at", "id");

CREATE INDEX "IX_user_notes_chain_id" ON "user_notes" ("chain_id");

CREATE INDEX "IX_user_notes_user_id" ON "user_notes" ("user_id");

CREATE INDEX "IX_users_chain_id_id" ON "users" ("chain_id", "id");

CREATE INDEX "IX_users_home_store_id" ON "users" ("home_store_id");

CREATE INDEX "IX_users_signup_store_id" ON "users" ("signup_store_id");
