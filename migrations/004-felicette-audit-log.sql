--liquibase formatted sql

--changeset felicette:004-felicette-audit-log
--comment: The registry's own bookkeeping lives in schema felicette. The audit log records every
--comment: change: who (null for the service itself), when, what action, on which object, and a JSON
--comment: detail (for instance the before and after of a change).
create schema if not exists felicette;

create table felicette.audit_log (
    id          bigserial    primary key,
    at          timestamptz  not null default now(),
    actor       varchar(256),
    action      varchar(64)  not null,
    object_type varchar(32)  not null,
    object_name varchar(256) not null,
    detail      jsonb        not null default '{}'::jsonb
);
create index audit_log_object_idx on felicette.audit_log (object_type, object_name, at);
create index audit_log_at_idx on felicette.audit_log (at);
--rollback drop table felicette.audit_log;
