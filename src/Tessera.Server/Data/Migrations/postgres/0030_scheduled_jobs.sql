-- 0030: the scheduler's jobs (one row per recurring job: when it runs next, and which server holds it until when),
-- and the chain's time zone (an IANA name; birthdays are paid on the chain's calendar), UTC as before.
CREATE TABLE scheduled_jobs (
    name character varying(64) NOT NULL,
    next_run_at timestamp with time zone NOT NULL,
    lease_owner character varying(64),
    lease_until timestamp with time zone,
    last_started_at timestamp with time zone,
    last_finished_at timestamp with time zone,
    last_error character varying(1024),
    CONSTRAINT "PK_scheduled_jobs" PRIMARY KEY (name)
);

ALTER TABLE chains ADD time_zone character varying(64) NOT NULL DEFAULT 'UTC';
