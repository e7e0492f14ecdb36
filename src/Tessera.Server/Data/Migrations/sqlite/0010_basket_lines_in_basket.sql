-- 0010: a basket's lines move into the basket row, as one JSON array (baskets.lines), and basket_items goes
-- (see the PostgreSQL script for why). The units returned so far are counted in basket_line_returns. Line ids
-- keep their numbers: the counter "basket_lines" of sqlite_sequence goes on from basket_items' counter. A line's
-- null fields are left out of its object (json_patch onto {} drops them), as the server writes them.
ALTER TABLE "baskets" ADD "lines" TEXT NOT NULL DEFAULT '[]';

UPDATE "baskets" SET "lines" = (
    SELECT json_group_array(json(l.line)) FROM (
        SELECT json_patch('{}', json_object('id', i."id", 'position', i."position", 'item_barcode', i."item_barcode",
            'retailer_product_code', i."retailer_product_code", 'retailer_item_code', i."retailer_item_code",
            'product_id', i."product_id", 'product_variant_id', i."product_variant_id", 'product_name', i."product_name",
            'item_type', i."item_type", 'quantity', i."quantity", 'price_cents', i."price_cents", 'subtotal_cents', i."subtotal_cents",
            'promotional', json(CASE WHEN i."promotional" THEN 'true' ELSE 'false' END),
            'excluded', json(CASE WHEN i."excluded" THEN 'true' ELSE 'false' END),
            'is_return', json(CASE WHEN i."is_return" THEN 'true' ELSE 'false' END),
            'original_item_id', i."original_item_id",
            'voucher_distribution', json(i."voucher_distribution"), 'progress_distribution', json(i."progress_distribution"))) AS line
        FROM "basket_items" i WHERE i."basket_id" = "baskets"."id" ORDER BY i."position", i."id") l)
WHERE EXISTS (SELECT 1 FROM "basket_items" i WHERE i."basket_id" = "baskets"."id");

CREATE TABLE "basket_line_returns" (
    "line_id" INTEGER NOT NULL CONSTRAINT "PK_basket_line_returns" PRIMARY KEY,
    "basket_id" INTEGER NOT NULL,
    "returned_quantity" INTEGER NOT NULL
);
INSERT INTO "basket_line_returns" ("line_id", "basket_id", "returned_quantity")
SELECT "id", "basket_id", "returned_quantity" FROM "basket_items" WHERE "returned_quantity" > 0;

INSERT INTO "sqlite_sequence" ("name", "seq")
SELECT 'basket_lines', max(coalesce((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'basket_items'), 0),
                           coalesce((SELECT max("id") FROM "basket_items"), 0));

DROP TABLE "basket_items";
