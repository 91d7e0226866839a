-- DicomHub registry, version 2: the outbound transfer queue (exports and forwarding rules). Portable SQL
-- like version 1. A job is what was asked (a study, series or instance to one destination); its items are
-- the instances, one row per (job, instance). An item is 'pending' until the destination acknowledged it
-- ('done') or refused it for good ('failed'); times are UTC ISO 8601 text of fixed width, so they compare
-- as strings.

CREATE TABLE transfer_jobs (
    id           INTEGER PRIMARY KEY,
    destination  VARCHAR(64) NOT NULL,
    study_uid    VARCHAR(64) NOT NULL,
    series_uid   VARCHAR(64),
    sop_uid      VARCHAR(64),
    origin       VARCHAR(128) NOT NULL,
    created_utc  VARCHAR(32) NOT NULL
);

CREATE TABLE transfer_items (
    id               INTEGER PRIMARY KEY,
    job_fk           INTEGER NOT NULL REFERENCES transfer_jobs (id),
    destination      VARCHAR(64) NOT NULL,
    study_uid        VARCHAR(64) NOT NULL,
    series_uid       VARCHAR(64) NOT NULL,
    sop_uid          VARCHAR(64) NOT NULL,
    state            VARCHAR(16) NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_utc VARCHAR(32) NOT NULL,
    updated_utc      VARCHAR(32) NOT NULL,
    last_error       TEXT
);
CREATE INDEX ix_transfer_items_due ON transfer_items (state, destination, next_attempt_utc);
CREATE INDEX ix_transfer_items_job ON transfer_items (job_fk, state);
