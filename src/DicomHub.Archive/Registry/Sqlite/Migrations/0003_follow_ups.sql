-- DicomHub registry, version 3: follow-ups of stored instances (an outbox). When the archive has ingest
-- observers (forwarding rules), the commit that records an instance also records that its follow-up is
-- owed, with what the rules match on; the row goes once the follow-up ran (in a later registry transaction),
-- and rows left by a crash are replayed at the next start. So a forwarding rule's job survives a crash
-- between the registry commit and the enqueue, at least once.

CREATE TABLE follow_ups (
    id             INTEGER PRIMARY KEY,
    sop_uid        VARCHAR(64) NOT NULL,
    study_uid      VARCHAR(64) NOT NULL,
    series_uid     VARCHAR(64) NOT NULL,
    sop_class_uid  VARCHAR(64) NOT NULL,
    modality       VARCHAR(16) NOT NULL,
    protocol       VARCHAR(16) NOT NULL,
    peer           VARCHAR(64),
    created_utc    VARCHAR(32) NOT NULL
);
