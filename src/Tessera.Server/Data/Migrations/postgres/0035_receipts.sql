-- 0035 receipts (spec lines 5641-6760): the chain's receipt settings that have no other API, the member's wallet and
-- points balances directly after each basket (written by the basket's own batch), and rendered receipt PDFs, kept
-- in the database so that every server answers a download link from one cache.
ALTER TABLE chains ADD receipt_logo_url character varying(1024) NULL;
ALTER TABLE chains ADD receipt_website_url character varying(1024) NULL;
ALTER TABLE chains ADD receipt_email character varying(256) NULL;
ALTER TABLE chains ADD receipts_service_active boolean NOT NULL DEFAULT FALSE;
ALTER TABLE chains ADD receipt_subject character varying(256) NULL;
ALTER TABLE chains ADD receipt_background_color character varying(32) NULL;
ALTER TABLE baskets ADD wallet_balance_cents bigint NULL;
ALTER TABLE baskets ADD points_balance_cents bigint NULL;
CREATE TABLE receipt_pdfs (
    basket_id bigint NOT NULL,
    chain_id integer NOT NULL,
    pdf bytea NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_receipt_pdfs" PRIMARY KEY (basket_id)
);
