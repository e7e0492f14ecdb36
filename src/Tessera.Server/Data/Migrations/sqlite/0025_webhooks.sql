-- 0025 webhooks: endpoints per chain, one delivery row per (event, endpoint) made by the delivery worker, the log of
-- every POST, and the key ring of ASP.NET Core Data Protection that encrypts the endpoints' secrets (ADR 0034).

CREATE TABLE "webhook_endpoints" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_webhook_endpoints" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "event_types" TEXT NOT NULL,
    "active" INTEGER NOT NULL,
    "secret" TEXT NOT NULL,
    "previous_secret" TEXT NULL,
    "previous_secret_until" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "failing_since" TEXT NULL,
    "disabled_at" TEXT NULL,
    "disabled_reason" TEXT NULL,
    CONSTRAINT "FK_webhook_endpoints_chains_chain_id" FOREIGN KEY ("chain_id") REFERENCES "chains" ("id") ON DELETE RESTRICT
);

CREATE TABLE "webhook_deliveries" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_webhook_deliveries" PRIMARY KEY AUTOINCREMENT,
    "endpoint_id" INTEGER NOT NULL,
    "event_id" INTEGER NOT NULL,
    "status" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "next_attempt_at" TEXT NOT NULL,
    "claimed_until" TEXT NULL,
    "claim_token" TEXT NULL,
    "completed_at" TEXT NULL,
    "last_status_code" INTEGER NULL,
    "last_error" TEXT NULL,
    CONSTRAINT "FK_webhook_deliveries_webhook_endpoints_endpoint_id" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints" ("id") ON DELETE CASCADE
);

CREATE TABLE "webhook_attempts" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_webhook_attempts" PRIMARY KEY AUTOINCREMENT,
    "delivery_id" INTEGER NOT NULL,
    "endpoint_id" INTEGER NOT NULL,
    "event_id" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "attempted_at" TEXT NOT NULL,
    "status_code" INTEGER NULL,
    "succeeded" INTEGER NOT NULL,
    "latency_ms" INTEGER NOT NULL,
    "error" TEXT NULL,
    "response_excerpt" TEXT NULL,
    CONSTRAINT "FK_webhook_attempts_webhook_endpoints_endpoint_id" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints" ("id") ON DELETE CASCADE
);

CREATE TABLE "data_protection_keys" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "friendly_name" TEXT NULL,
    "xml" TEXT NOT NULL
);

CREATE INDEX "IX_webhook_endpoints_chain_id" ON "webhook_endpoints" ("chain_id");

CREATE INDEX "IX_webhook_deliveries_status_next_attempt_at" ON "webhook_deliveries" ("status", "next_attempt_at");

CREATE INDEX "IX_webhook_deliveries_endpoint_id_id" ON "webhook_deliveries" ("endpoint_id", "id");

CREATE INDEX "IX_webhook_deliveries_completed_at" ON "webhook_deliveries" ("completed_at");

CREATE INDEX "IX_webhook_attempts_delivery_id_id" ON "webhook_attempts" ("delivery_id", "id");

CREATE INDEX "IX_webhook_attempts_attempted_at" ON "webhook_attempts" ("attempted_at");

CREATE INDEX "IX_webhook_attempts_endpoint_id" ON "webhook_attempts" ("endpoint_id");
