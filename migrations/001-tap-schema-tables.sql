--liquibase formatted sql

--changeset felicette:001-tap-schema-tables
--comment: TAP_SCHEMA physical tables in the layout of CADC's cadc-tap-schema 1.2 (the "11" tables),
--comment: so that an unmodified CADC-based TAP service reads them. Booleans are integers 0/1 (TAP 1.1).
create schema if not exists tap_schema;

create table tap_schema.schemas11 (
    schema_name      varchar(64)  not null,
    utype            varchar(512),
    description      text,
    schema_index     integer,
    owner_id         varchar(256),
    read_anon        integer,
    read_only_group  varchar(128),
    read_write_group varchar(128),
    api_created      integer,
    primary key (schema_name)
);

create table tap_schema.tables11 (
    schema_name      varchar(64)  not null,
    table_name       varchar(128) not null,
    table_type       varchar(8)   not null,
    view_target      varchar(128),
    utype            varchar(512),
    description      text,
    table_index      integer,
    owner_id         varchar(256),
    read_anon        integer,
    read_only_group  varchar(128),
    read_write_group varchar(128),
    api_created      integer,
    primary key (table_name),
    foreign key (schema_name) references tap_schema.schemas11 (schema_name)
);
create index tables11_schema_name_idx on tap_schema.tables11 (schema_name);

create table tap_schema.columns11 (
    table_name   varchar(128) not null,
    column_name  varchar(64)  not null,
    utype        varchar(512),
    ucd          varchar(64),
    unit         varchar(64),
    description  text,
    datatype     varchar(64)  not null,
    arraysize    varchar(16),
    xtype        varchar(64),
    "size"       integer,
    principal    integer      not null,
    indexed      integer      not null,
    std          integer      not null,
    column_index integer,
    column_id    varchar(32),
    primary key (table_name, column_name),
    foreign key (table_name) references tap_schema.tables11 (table_name)
);
create unique index columns11_column_id_idx on tap_schema.columns11 (column_id) where column_id is not null;

create table tap_schema.keys11 (
    key_id       varchar(64)  not null,
    from_table   varchar(128) not null,
    target_table varchar(128) not null,
    utype        varchar(512),
    description  text,
    primary key (key_id),
    foreign key (from_table) references tap_schema.tables11 (table_name),
    foreign key (target_table) references tap_schema.tables11 (table_name)
);
create index keys11_from_table_idx on tap_schema.keys11 (from_table);
create index keys11_target_table_idx on tap_schema.keys11 (target_table);

create table tap_schema.key_columns11 (
    key_id        varchar(64) not null,
    from_column   varchar(64) not null,
    target_column varchar(64) not null,
    foreign key (key_id) references tap_schema.keys11 (key_id)
);
create index key_columns11_key_id_idx on tap_schema.key_columns11 (key_id);
--rollback drop schema tap_schema cascade;
