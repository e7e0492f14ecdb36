-- Stored basket answers (about 10 kB of JSON for ten lines) are compressed with lz4 rather than pglz when this
-- PostgreSQL was built with lz4 (PostgreSQL 14+, as Debian's and the official packages are): a quarter less time
-- per basket writing them. Only new values are affected; without lz4 nothing changes.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE baskets ALTER COLUMN response SET COMPRESSION lz4;
    END IF;
END
$$;
