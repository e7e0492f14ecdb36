-- 0013: a basket- or product-campaign voucher that get-basket-price made without a voucher_locking_code is marked as
-- made under the empty code ('' in basket_locking_code): a price under another code neither applies nor replaces it,
-- and the next price without a code still replaces it. Vouchers the price did not make (remainders and regenerated
-- rewards, which have a parent voucher; campaign rewards; vouchers created by a caller) are nobody's basket discount
-- and lose any code 0011 copied.
UPDATE vouchers SET basket_locking_code = NULL
WHERE basket_locking_code IS NOT NULL AND (parent_voucher_id IS NOT NULL OR campaign_reward_id IS NOT NULL OR creating_user_id IS NOT NULL);
UPDATE vouchers SET basket_locking_code = ''
WHERE basket_locking_code IS NULL AND parent_voucher_id IS NULL AND campaign_reward_id IS NULL AND creating_user_id IS NULL
  AND campaign_id IN (SELECT id FROM campaigns WHERE "type" IN ('basket', 'product'));
