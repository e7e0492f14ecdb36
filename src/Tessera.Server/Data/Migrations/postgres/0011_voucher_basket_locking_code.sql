-- 0011: a basket- or product-campaign voucher remembers the voucher_locking_code of the get-basket-price that created
-- it in a column of its own, basket_locking_code, which is what a later price with the same code replaces it by. Until
-- now the code was put in locking_code, which locked the voucher to it even without basket_vouchers_lock_exclusively.
-- The vouchers created so far keep their locks; their code is copied, so that they are still replaced.
ALTER TABLE vouchers ADD basket_locking_code character varying(255);
UPDATE vouchers SET basket_locking_code = locking_code
WHERE campaign_id IN (SELECT id FROM campaigns WHERE "type" IN ('basket', 'product')) AND locking_code IS NOT NULL;
