-- 0035 receipts (spec lines 5641-6760): the chain's receipt settings that have no other API, the member's wallet and
-- points balances directly after each basket (written by the basket's own batch), and rendered receipt PDFs, kept
-- in the database so that every server answers a download link from one cache.
ALTER TABLE "chains" ADD "receipt_logo_url" TEXT NULL;
ALTER TABLE "chains" ADD "receipt_website_url" TEXT NULL;
ALTER TABLE "chains" ADD "receipt_email" TEXT NULL;
ALTER TABLE "chains" ADD "receipts_service_active" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "chains" ADD "receipt_subject" TEXT NULL;
ALTER TABLE "chains" ADD "receipt_background_color" TEXT NULL;
ALTER TABLE "baskets" ADD "wallet_balance_cents" INTEGER NULL;
ALTER TABLE "baskets" ADD "points_balance_cents" INTEGER NULL;
CREATE TABLE "receipt_pdfs" (
    "basket_id" INTEGER NOT NULL CONSTRAINT "PK_receipt_pdfs" PRIMARY KEY,
    "chain_id" INTEGER NOT NULL,
    "pdf" BLOB NOT NULL,
    "created_at" TEXT NOT NULL
);
