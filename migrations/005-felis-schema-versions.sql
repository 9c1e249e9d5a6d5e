--liquibase formatted sql

--changeset felicette:005-felis-schema-versions
--comment: Every published version of a Felis schema: its documents (main and referenced, stored once
--comment: each by content), their checksum, the publish options, who and when. felis_schemas points
--comment: at the current version; a retired schema keeps its history with current_version null.
create table felicette.felis_documents (
    sha256 char(64) primary key,
    text   text     not null
);

create table felicette.felis_schema_versions (
    id              bigserial    primary key,
    name            varchar(64)  not null,
    felis_version   varchar(64),
    checksum        char(64)     not null,
    document_sha256 char(64)     not null references felicette.felis_documents (sha256),
    sources         jsonb        not null,
    options         jsonb        not null,
    schema_index    integer,
    owner_id        varchar(256),
    table_count     integer      not null,
    column_count    integer      not null,
    key_count       integer      not null,
    published_by    varchar(256),
    published_at    timestamptz  not null default now()
);
create index felis_schema_versions_name_idx on felicette.felis_schema_versions (name, id);

create table felicette.felis_schemas (
    name            varchar(64) primary key,
    current_version bigint references felicette.felis_schema_versions (id),
    retired_at      timestamptz
);
--rollback drop table felicette.felis_schemas; drop table felicette.felis_schema_versions; drop table felicette.felis_documents;
