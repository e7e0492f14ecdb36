-- 0012: the chain setting for anonymous returns (spec member_number: "if a chain business opts to allow for anonymous
-- returns, the shopper will be recognised by the member_number from the original_retailer_basket_code"). Off, as
-- every chain was until now.
ALTER TABLE chains ADD allow_anonymous_returns boolean NOT NULL DEFAULT FALSE;
