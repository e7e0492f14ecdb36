-- 0009: basket lines lose their (user_id, item_barcode, purchased_at) index. Every basket wrote ten entries into it at
-- places spread over the whole index (by member), the largest index of the database, where a return without its
-- original basket was its only reader. That lookup now goes through the member's baskets ((user_id, purchased_at))
-- and their lines ((basket_id)), which every basket writes to anyway.
DROP INDEX IF EXISTS "IX_basket_items_user_id_item_barcode_purchased_at";
