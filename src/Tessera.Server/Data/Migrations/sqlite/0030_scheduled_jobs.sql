-- 0030: the scheduler's jobs (one row per recurring job: when it runs next, and which server holds it until when),
-- and the chain's time zone (an IANA name; birthdays are paid on the chain's calendar), UTC as before.
CREATE TABLE "scheduled_jobs" (
    "name" TEXT NOT NULL CONSTRAINT "PK_scheduled_jobs" PRIMARY KEY,
    "next_run_at" TEXT NOT NULL,
    "lease_owner" TEXT NULL,
    "lease_until" TEXT NULL,
    "last_started_at" TEXT NULL,
    "last_finished_at" TEXT NULL,
    "last_error" TEXT NULL
);

ALTER TABLE "chains" ADD "time_zone" TEXT NOT NULL DEFAULT 'UTC';
