-- 0014: goods sold by weight have fractional quantities (at most three decimals, ADR 0025). Returned units are kept
-- as whole thousandths (INTEGER is 64-bit), so the conditional upsert of a return adds and compares integers, exactly,
-- on both engines. Lines in baskets.lines keep their quantity as a JSON number as sent (whole numbers stay as they were).
UPDATE "basket_line_returns" SET "returned_quantity" = "returned_quantity" * 1000;
UPDATE "returned_items" SET "quantity" = "quantity" * 1000;
