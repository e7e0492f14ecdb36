-- 0014: goods sold by weight have fractional quantities (at most three decimals, ADR 0025). Returned units are kept
-- as whole thousandths (bigint), so the conditional upsert of a return adds and compares integers, exactly, on both
-- engines. Lines in baskets.lines keep their quantity as a JSON number as sent (whole numbers stay as they were).
ALTER TABLE basket_line_returns ALTER COLUMN returned_quantity TYPE bigint USING returned_quantity::bigint * 1000;
ALTER TABLE returned_items ALTER COLUMN quantity TYPE bigint USING quantity::bigint * 1000;
