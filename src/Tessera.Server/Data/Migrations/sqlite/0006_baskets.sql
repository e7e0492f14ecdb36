-- 0006 baskets: confirmed baskets, their lines, codes, voucher and earning distributions, returns,
-- products and variants; product vouchers' product; the chain setting for regenerated rewards.

ALTER TABLE "chains" ADD "redeem_regenerated_rewards" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "vouchers" ADD "product_code" TEXT NULL;

CREATE TABLE "products" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_products" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "owner_code" TEXT NOT NULL,
    "name" TEXT NULL,
    "description" TEXT NULL,
    "price_cents" INTEGER NULL,
    "cost_price_cents" INTEGER NULL,
    "brand" TEXT NULL,
    "season" TEXT NULL,
    "category" TEXT NULL,
    "web_url" TEXT NULL,
    "image_url" TEXT NULL,
    "promotional" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "FK_products_chains_chain_id" FOREIGN KEY ("chain_id") REFERENCES "chains" ("id") ON DELETE RESTRICT
);

CREATE TABLE "product_variants" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_product_variants" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "product_id" INTEGER NULL,
    "barcode" TEXT NOT NULL,
    "colour" TEXT NULL,
    "size" TEXT NULL,
    "price_cents" INTEGER NULL,
    "cost_price_cents" INTEGER NULL,
    "image_url" TEXT NULL,
    "web_url" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "FK_product_variants_products_product_id" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON DELETE RESTRICT
);

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
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_baskets_chains_chain_id" FOREIGN KEY ("chain_id") REFERENCES "chains" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_baskets_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE TABLE "basket_codes" (
    "chain_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "basket_id" INTEGER NOT NULL,
    CONSTRAINT "PK_basket_codes" PRIMARY KEY ("chain_id", "code", "basket_id"),
    CONSTRAINT "FK_basket_codes_baskets_basket_id" FOREIGN KEY ("basket_id") REFERENCES "baskets" ("id") ON DELETE CASCADE
);

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
    CONSTRAINT "FK_basket_items_baskets_basket_id" FOREIGN KEY ("basket_id") REFERENCES "baskets" ("id") ON DELETE CASCADE
);

CREATE TABLE "return_transactions" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_return_transactions" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "original_basket_id" INTEGER NOT NULL,
    "returning_basket_id" INTEGER NULL,
    "return_owner_code" TEXT NULL,
    "note" TEXT NULL,
    "response" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_return_transactions_baskets_original_basket_id" FOREIGN KEY ("original_basket_id") REFERENCES "baskets" ("id") ON DELETE RESTRICT
);

CREATE TABLE "basket_progress_distributions" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_basket_progress_distributions" PRIMARY KEY AUTOINCREMENT,
    "basket_id" INTEGER NOT NULL,
    "basket_item_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "wallet_campaign_id" INTEGER NOT NULL,
    "contributing_campaign_id" INTEGER NULL,
    "amount_cents" INTEGER NOT NULL,
    CONSTRAINT "FK_basket_progress_distributions_basket_items_basket_item_id" FOREIGN KEY ("basket_item_id") REFERENCES "basket_items" ("id") ON DELETE CASCADE
);

CREATE TABLE "basket_voucher_distributions" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_basket_voucher_distributions" PRIMARY KEY AUTOINCREMENT,
    "basket_id" INTEGER NOT NULL,
    "basket_item_id" INTEGER NOT NULL,
    "voucher_id" INTEGER NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    CONSTRAINT "FK_basket_voucher_distributions_basket_items_basket_item_id" FOREIGN KEY ("basket_item_id") REFERENCES "basket_items" ("id") ON DELETE CASCADE
);

CREATE TABLE "returned_items" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_returned_items" PRIMARY KEY AUTOINCREMENT,
    "return_transaction_id" INTEGER NOT NULL,
    "original_item_id" INTEGER NOT NULL,
    "return_item_id" INTEGER NULL,
    "quantity" INTEGER NOT NULL,
    "return_price_cents" INTEGER NOT NULL,
    "sale_price_cents" INTEGER NOT NULL,
    "owner_code" TEXT NULL,
    CONSTRAINT "FK_returned_items_return_transactions_return_transaction_id" FOREIGN KEY ("return_transaction_id") REFERENCES "return_transactions" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_basket_codes_basket_id" ON "basket_codes" ("basket_id");

CREATE INDEX "IX_basket_items_basket_id" ON "basket_items" ("basket_id");

CREATE INDEX "IX_basket_items_user_id_item_barcode_purchased_at" ON "basket_items" ("user_id", "item_barcode", "purchased_at");

CREATE INDEX "IX_basket_progress_distributions_basket_id" ON "basket_progress_distributions" ("basket_id");

CREATE INDEX "IX_basket_progress_distributions_basket_item_id" ON "basket_progress_distributions" ("basket_item_id");

CREATE INDEX "IX_basket_voucher_distributions_basket_id" ON "basket_voucher_distributions" ("basket_id");

CREATE INDEX "IX_basket_voucher_distributions_basket_item_id" ON "basket_voucher_distributions" ("basket_item_id");

CREATE UNIQUE INDEX "IX_baskets_chain_id_retailer_basket_code" ON "baskets" ("chain_id", "retailer_basket_code");

CREATE INDEX "IX_baskets_user_id_purchased_at" ON "baskets" ("user_id", "purchased_at");

CREATE UNIQUE INDEX "IX_product_variants_chain_id_barcode" ON "product_variants" ("chain_id", "barcode");

CREATE INDEX "IX_product_variants_product_id" ON "product_variants" ("product_id");

CREATE UNIQUE INDEX "IX_products_chain_id_owner_code" ON "products" ("chain_id", "owner_code");

CREATE UNIQUE INDEX "IX_return_transactions_chain_id_return_owner_code" ON "return_transactions" ("chain_id", "return_owner_code");

CREATE INDEX "IX_return_transactions_original_basket_id" ON "return_transactions" ("original_basket_id");

CREATE INDEX "IX_return_transactions_returning_basket_id" ON "return_transactions" ("returning_basket_id");

CREATE INDEX "IX_returned_items_original_item_id" ON "returned_items" ("original_item_id");

CREATE INDEX "IX_returned_items_return_transaction_id" ON "returned_items" ("return_transaction_id");
