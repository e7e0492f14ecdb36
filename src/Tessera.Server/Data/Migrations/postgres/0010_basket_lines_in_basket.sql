-- 0010: a basket's lines move into the basket row, as one JSON array (baskets.lines), and basket_items goes.
-- A basket was one row and ten line rows with two index entries each; it is now one row: ten heap tuples,
-- twenty index entries and a 23-array INSERT fewer per basket. Every reader of lines starts from their basket
-- (a return finds it by code, or the member's baskets by (user_id, purchased_at)). What lines keep of their
-- own, the units returned so far, is counted in basket_line_returns, one row per line that had a return,
-- raised by a conditional upsert. Line ids keep their numbers and come from the sequence basket_line_ids.
ALTER TABLE baskets ADD lines text NOT NULL DEFAULT '[]';
ALTER TABLE baskets ALTER COLUMN lines DROP DEFAULT;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE baskets ALTER COLUMN lines SET COMPRESSION lz4;
    END IF;
END
$$;

UPDATE baskets b SET lines = l.lines
FROM (SELECT basket_id, json_agg(json_strip_nulls(json_build_object(
          'id', id, 'position', position, 'item_barcode', item_barcode, 'retailer_product_code', retailer_product_code,
          'retailer_item_code', retailer_item_code, 'product_id', product_id, 'product_variant_id', product_variant_id,
          'product_name', product_name, 'item_type', item_type, 'quantity', quantity, 'price_cents', price_cents,
          'subtotal_cents', subtotal_cents, 'promotional', promotional, 'excluded', excluded, 'is_return', is_return,
          'original_item_id', original_item_id, 'voucher_distribution', voucher_distribution::json,
          'progress_distribution', progress_distribution::json)) ORDER BY position, id)::text AS lines
      FROM basket_items GROUP BY basket_id) l
WHERE l.basket_id = b.id;

CREATE TABLE basket_line_returns (
    line_id bigint NOT NULL,
    basket_id bigint NOT NULL,
    returned_quantity integer NOT NULL,
    CONSTRAINT "PK_basket_line_returns" PRIMARY KEY (line_id)
);
INSERT INTO basket_line_returns (line_id, basket_id, returned_quantity)
SELECT id, basket_id, returned_quantity FROM basket_items WHERE returned_quantity > 0;

-- Line ids go on after the highest handed out (reserved ids of the identity sequence included).
CREATE SEQUENCE basket_line_ids;
DO $$
DECLARE
    last bigint;
BEGIN
    EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM %s', pg_get_serial_sequence('basket_items', 'id')) INTO last;
    PERFORM setval('basket_line_ids', greatest(last, (SELECT coalesce(max(id), 0) FROM basket_items), 1));
END
$$;

DROP TABLE basket_items;
