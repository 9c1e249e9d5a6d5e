--liquibase formatted sql

--changeset felicette:011-uploads
--comment: Temporary tables for TAP UPLOAD: each a real table in schema tap_upload, owned by its caller,
--comment: kept until it expires; not in TAP_SCHEMA (TAP says uploads are transient and unpublished).
create schema if not exists tap_upload;

create table felicette.uploads (
    id            varchar(32)  primary key,
    owner_id      varchar(256) not null,
    name          varchar(64)  not null,
    table_name    varchar(128) not null unique,
    columns       jsonb        not null,
    row_count     bigint       not null,
    bytes         bigint       not null,
    source_url    text,
    etag          text,
    last_modified text,
    created_at    timestamptz  not null default now(),
    expires_at    timestamptz  not null
);

create index uploads_owner_idx on felicette.uploads (owner_id, created_at);
create index uploads_expiry_idx on felicette.uploads (expires_at);
create index uploads_reuse_idx on felicette.uploads (owner_id, source_url) where source_url is not null;
