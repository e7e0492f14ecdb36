-- 0015: failed logins are counted per identity (a chain's member or an admin) in one row that a single conditional
-- upsert reserves before the password is checked (ADR 0028); the per-username log of failures goes.
DROP TABLE login_failures;

CREATE TABLE login_throttles (
    username_scope integer NOT NULL,
    username_normalized character varying(255) NOT NULL,
    failures integer NOT NULL,
    delay_ms bigint NOT NULL,
    next_attempt_ms bigint NOT NULL,
    last_attempt_ms bigint NOT NULL,
    CONSTRAINT "PK_login_throttles" PRIMARY KEY (username_scope, username_normalized)
);

CREATE INDEX "IX_login_throttles_last_attempt_ms" ON login_throttles (last_attempt_ms);
