-- 0001 initial schema: tenants, people, sessions, businesses.

CREATE TABLE "currencies" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_currencies" PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "minor_units" INTEGER NOT NULL
);


CREATE TABLE "login_failures" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_login_failures" PRIMARY KEY AUTOINCREMENT,
    "username_normalized" TEXT NOT NULL,
    "attempted_at" TEXT NOT NULL
);


CREATE TABLE "chains" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_chains" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "currency_id" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_chains_currencies_currency_id" FOREIGN KEY ("currency_id") REFERENCES "currencies" ("id") ON DELETE RESTRICT
);


CREATE TABLE "api_clients" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_api_clients" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "key_id" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "active" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_api_clients_chains_chain_id" FOREIGN KEY ("chain_id") REFERENCES "chains" ("id") ON DELETE RESTRICT
);


CREATE TABLE "apps" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_apps" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "hostname" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_apps_chains_chain_id" FOREIGN KEY ("chain_id") REFERENCES "chains" ("id") ON DELETE RESTRICT
);


CREATE TABLE "businesses" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_businesses" PRIMARY KEY AUTOINCREMENT,
    "chain_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "address_1" TEXT NULL,
    "address_2" TEXT NULL,
    "address_3" TEXT NULL,
    "town_city" TEXT NULL,
    "region" TEXT NULL,
    "postal_code" TEXT NULL,
    "country_code" TEXT NULL,
    "latitude" TEXT NULL,
    "longitude" TEXT NULL,
    "owner_code" TEXT NULL,
    "email_address" TEXT NULL,
    "website_url" TEXT NULL,
    "image_url" TEXT NULL,
    "review_url" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "FK_businesses_chains_chain_id" FOREIGN KEY ("chain_id") REFERENCES "chains" ("id") ON DELETE RESTRICT
);


CREATE TABLE "users" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_users" PRIMARY KEY AUTOINCREMENT,
    "is_admin" INTEGER NOT NULL,
    "chain_id" INTEGER NOT NULL,
    "username_scope" INTEGER NOT NULL,
    "username" TEXT NOT NULL,
    "username_normalized" TEXT NOT NULL,
    "password_hash" TEXT NULL,
    "first_name" TEXT NULL,
    "last_name" TEXT NULL,
    "gender" TEXT NULL,
    "birthday" TEXT NULL,
    "member_number" TEXT NULL,
    "member_number_custom" INTEGER NOT NULL,
    "authentication_point_identifier" TEXT NULL,
    "auxiliary_identifier" TEXT NULL,
    "signup_channel" TEXT NULL,
    "country_code" TEXT NULL,
    "address_streetname" TEXT NULL,
    "address_housenumber" TEXT NULL,
    "address_housenumber_extension" TEXT NULL,
    "address_line_2" TEXT NULL,
    "address_line_3" TEXT NULL,
    "address_towncity" TEXT NULL,
    "address_regionstate" TEXT NULL,
    "address_postalcode" TEXT NULL,
    "phone_number" TEXT NULL,
    "language" TEXT NULL,
    "opt_in_secondary" INTEGER NULL,
    "mailing_list_sub_offered" INTEGER NOT NULL,
    "mailing_list_subscribed" INTEGER NOT NULL,
    "printed_mailing_list_subscribed" INTEGER NOT NULL,
    "programme_opted_in" INTEGER NOT NULL,
    "join_date" TEXT NULL,
    "registered" INTEGER NOT NULL,
    "is_employee" INTEGER NOT NULL,
    "obfuscated" INTEGER NOT NULL,
    "referral_code" TEXT NULL,
    "referring_user_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "FK_users_chains_chain_id" FOREIGN KEY ("chain_id") REFERENCES "chains" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_users_users_referring_user_id" FOREIGN KEY ("referring_user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);


CREATE TABLE "admin_permissions" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_admin_permissions" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "chain_id" INTEGER NOT NULL,
    "business_id" INTEGER NULL,
    "can_read" INTEGER NOT NULL,
    "can_write" INTEGER NOT NULL,
    "can_assign" INTEGER NOT NULL,
    "can_delete" INTEGER NOT NULL,
    "is_super_user" INTEGER NOT NULL,
    CONSTRAINT "FK_admin_permissions_businesses_business_id" FOREIGN KEY ("business_id") REFERENCES "businesses" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_admin_permissions_chains_chain_id" FOREIGN KEY ("chain_id") REFERENCES "chains" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_admin_permissions_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "cross_site_tokens" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_cross_site_tokens" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "app_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    CONSTRAINT "FK_cross_site_tokens_apps_app_id" FOREIGN KEY ("app_id") REFERENCES "apps" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_cross_site_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "sessions" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_sessions" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "key_hash" TEXT NOT NULL,
    "auth_method" TEXT NOT NULL,
    "app_id" INTEGER NULL,
    "validity_hours" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    CONSTRAINT "FK_sessions_apps_app_id" FOREIGN KEY ("app_id") REFERENCES "apps" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_sessions_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE INDEX "IX_admin_permissions_business_id" ON "admin_permissions" ("business_id");


CREATE INDEX "IX_admin_permissions_chain_id" ON "admin_permissions" ("chain_id");


CREATE INDEX "IX_admin_permissions_user_id_chain_id" ON "admin_permissions" ("user_id", "chain_id");


CREATE INDEX "IX_api_clients_chain_id" ON "api_clients" ("chain_id");


CREATE UNIQUE INDEX "IX_api_clients_key_id" ON "api_clients" ("key_id");


CREATE INDEX "IX_apps_chain_id" ON "apps" ("chain_id");


CREATE UNIQUE INDEX "IX_apps_hostname" ON "apps" ("hostname");


CREATE UNIQUE INDEX "IX_businesses_chain_id_owner_code" ON "businesses" ("chain_id", "owner_code");


CREATE INDEX "IX_chains_currency_id" ON "chains" ("currency_id");


CREATE INDEX "IX_cross_site_tokens_app_id" ON "cross_site_tokens" ("app_id");


CREATE UNIQUE INDEX "IX_cross_site_tokens_token_hash" ON "cross_site_tokens" ("token_hash");


CREATE INDEX "IX_cross_site_tokens_user_id" ON "cross_site_tokens" ("user_id");


CREATE UNIQUE INDEX "IX_currencies_code" ON "currencies" ("code");


CREATE INDEX "IX_login_failures_username_normalized_attempted_at" ON "login_failures" ("username_normalized", "attempted_at");


CREATE INDEX "IX_sessions_app_id" ON "sessions" ("app_id");


CREATE UNIQUE INDEX "IX_sessions_key_hash" ON "sessions" ("key_hash");


CREATE INDEX "IX_sessions_user_id" ON "sessions" ("user_id");


CREATE INDEX "IX_users_chain_id_authentication_point_identifier" ON "users" ("chain_id", "authentication_point_identifier");


CREATE UNIQUE INDEX "IX_users_chain_id_member_number" ON "users" ("chain_id", "member_number");


CREATE UNIQUE INDEX "IX_users_referral_code" ON "users" ("referral_code");


CREATE INDEX "IX_users_referring_user_id" ON "users" ("referring_user_id");


CREATE UNIQUE INDEX "IX_users_username_scope_username_normalized" ON "users" ("username_scope", "username_normalized");



-- Reference data: ISO-4217 currencies with Spaaza ids (2 EUR, 3 GBP, 4 USD); mirrors Tessera.Domain.Reference.Currencies.
INSERT INTO currencies (id, code, name, symbol, minor_units) VALUES
    (2, 'EUR', 'Euro', '€', 2),
    (3, 'GBP', 'Pound sterling', '£', 2),
    (4, 'USD', 'US dollar', '$', 2),
    (10, 'AUD', 'Australian dollar', 'A$', 2),
    (11, 'CAD', 'Canadian dollar', 'C$', 2),
    (12, 'CHF', 'Swiss franc', 'CHF', 2),
    (13, 'CZK', 'Czech koruna', 'Kč', 2),
    (14, 'DKK', 'Danish krone', 'kr', 2),
    (15, 'HKD', 'Hong Kong dollar', 'HK$', 2),
    (16, 'HUF', 'Hungarian forint', 'Ft', 2),
    (17, 'JPY', 'Japanese yen', '¥', 0),
    (18, 'NOK', 'Norwegian krone', 'kr', 2),
    (19, 'NZD', 'New Zealand dollar', 'NZ$', 2),
    (20, 'PLN', 'Polish złoty', 'zł', 2),
    (21, 'SEK', 'Swedish krona', 'kr', 2),
    (22, 'SGD', 'Singapore dollar', 'S$', 2),
    (23, 'ZAR', 'South African rand', 'R', 2),
    (24, 'CNY', 'Renminbi', '¥', 2),
    (25, 'INR', 'Indian rupee', '₹', 2),
    (26, 'BRL', 'Brazilian real', 'R$', 2),
    (27, 'MXN', 'Mexican peso', 'MX$', 2),
    (28, 'TRY', 'Turkish lira', '₺', 2),
    (29, 'AED', 'UAE dirham', 'AED', 2),
    (30, 'RON', 'Romanian leu', 'lei', 2),
    (31, 'BGN', 'Bulgarian lev', 'лв', 2),
    (32, 'ISK', 'Icelandic króna', 'kr', 0),
    (33, 'KRW', 'South Korean won', '₩', 0),
    (34, 'ZWL', 'Zimbabwean dollar', 'Z$', 2);
