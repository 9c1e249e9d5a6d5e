--liquibase formatted sql

--changeset felicette:008-datalink
--comment: DataLink: service-descriptor snippets and the "minimal" column lists the registry keeps,
--comment: both numbered by the catalogue's change sequence for ETags. columns11.ordinal keeps the
--comment: order columns were given in (Felis document or table document), for lists that order
--comment: columns by column_index and then as given.
alter table tap_schema.columns11 add column ordinal integer;

create table felicette.datalink_snippets (
    name       varchar(128) primary key,
    text       text         not null,
    change_seq bigint       not null default nextval('felicette.catalog_change_seq'),
    updated_by varchar(256),
    updated_at timestamptz  not null default now()
);

create table felicette.minimal_columns (
    table_name  varchar(128) primary key,
    columns     jsonb        not null,
    change_seq  bigint       not null default nextval('felicette.catalog_change_seq'),
    updated_by  varchar(256),
    updated_at  timestamptz  not null default now()
);
--rollback drop table felicette.minimal_columns; drop table felicette.datalink_snippets; alter table tap_schema.columns11 drop column ordinal;
