--liquibase formatted sql

--changeset felicette:014-service-versions
--comment: Each version of the service that has run on this database, with the newest change set it
--comment: knows: an older version started on a database a newer one migrated names the version it
--comment: would need, instead of running silently on tables it does not know.
create table felicette.service_versions (
    version           varchar(64)  primary key,
    newest_change_set varchar(255) not null,
    first_started     timestamptz  not null default now(),
    last_started      timestamptz  not null default now()
);
--rollback drop table felicette.service_versions;
