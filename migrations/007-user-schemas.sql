--liquibase formatted sql

--changeset felicette:007-user-schemas
--comment: Each user's personal schema (user_<name>): the name is derived from the user name, and
--comment: when two users would get the same one the later gets a numeric suffix, kept here.
create table felicette.user_schemas (
    user_name   varchar(256) primary key,
    schema_name varchar(64)  not null unique,
    created_at  timestamptz  not null default now()
);
--rollback drop table felicette.user_schemas;
