-- PostgreSQL only (lz4 compression of stored basket answers); SQLite stores them as they are.
SELECT 1;
