-- DicomHub registry, version 1. Portable SQL (SQLite 3.35+ and PostgreSQL): no AUTOINCREMENT, no
-- vendor types; text columns hold DICOM values as stored (dates YYYYMMDD, times normalised HHMMSS.ffffff)
-- so range matching is plain string comparison. *_norm columns hold upper-cased Person Names for the
-- case-insensitive PN matching of PS3.4 C.2.2.2.1. attributes_json holds the level's attributes in DICOM
-- JSON (PS3.18 F.2) for return keys; instances.metadata_json is what WADO-RS /metadata sends.

CREATE TABLE patients (
    id              INTEGER PRIMARY KEY,
    patient_id      VARCHAR(64) NOT NULL,
    issuer          VARCHAR(64) NOT NULL,
    patient_name    VARCHAR(324) NOT NULL,
    patient_name_norm VARCHAR(324) NOT NULL,
    birth_date      VARCHAR(8) NOT NULL,
    sex             VARCHAR(16) NOT NULL,
    attributes_json TEXT NOT NULL,
    UNIQUE (patient_id, issuer)
);
CREATE INDEX ix_patients_name ON patients (patient_name_norm);

CREATE TABLE studies (
    id                   INTEGER PRIMARY KEY,
    patient_fk           INTEGER NOT NULL REFERENCES patients (id),
    study_uid            VARCHAR(64) NOT NULL UNIQUE,
    study_date           VARCHAR(8) NOT NULL,
    study_time           VARCHAR(16) NOT NULL,
    accession_number     VARCHAR(64) NOT NULL,
    study_id             VARCHAR(16) NOT NULL,
    referring_physician  VARCHAR(324) NOT NULL,
    referring_physician_norm VARCHAR(324) NOT NULL,
    study_description    VARCHAR(64) NOT NULL,
    modalities           VARCHAR(256) NOT NULL,
    num_series           INTEGER NOT NULL,
    num_instances        INTEGER NOT NULL,
    attributes_json      TEXT NOT NULL
);
CREATE INDEX ix_studies_patient ON studies (patient_fk);
CREATE INDEX ix_studies_date ON studies (study_date);
CREATE INDEX ix_studies_accession ON studies (accession_number);

CREATE TABLE series (
    id                INTEGER PRIMARY KEY,
    study_fk          INTEGER NOT NULL REFERENCES studies (id),
    series_uid        VARCHAR(64) NOT NULL UNIQUE,
    modality          VARCHAR(16) NOT NULL,
    series_number     VARCHAR(12) NOT NULL,
    series_description VARCHAR(64) NOT NULL,
    body_part         VARCHAR(16) NOT NULL,
    pps_start_date    VARCHAR(8) NOT NULL,
    pps_start_time    VARCHAR(16) NOT NULL,
    num_instances     INTEGER NOT NULL,
    attributes_json   TEXT NOT NULL
);
CREATE INDEX ix_series_study ON series (study_fk);
CREATE INDEX ix_series_modality ON series (modality);

CREATE TABLE instances (
    id                  INTEGER PRIMARY KEY,
    series_fk           INTEGER NOT NULL REFERENCES series (id),
    sop_uid             VARCHAR(64) NOT NULL UNIQUE,
    sop_class_uid       VARCHAR(64) NOT NULL,
    instance_number     VARCHAR(12) NOT NULL,
    instance_number_int INTEGER,
    transfer_syntax_uid VARCHAR(64) NOT NULL,
    blob_key            VARCHAR(256) NOT NULL,
    blob_size           BIGINT NOT NULL,
    created_utc         VARCHAR(32) NOT NULL,
    metadata_json       TEXT NOT NULL
);
CREATE INDEX ix_instances_series ON instances (series_fk, instance_number_int);
CREATE INDEX ix_instances_sop_class ON instances (sop_class_uid);
