--liquibase formatted sql

--changeset felicette:013-quota-reservations
--comment: What requests in flight hold against their owner's limits (bytes of tables, bytes of
--comment: uploads, tables): each row belongs to one open transaction (its backend's pid and start
--comment: time), so a request that ends, on any instance, or whose instance dies, holds nothing.
create table felicette.quota_reservations (
    id          bigserial    primary key,
    kind        varchar(16)  not null,
    owner_id    varchar(256) not null,
    amount      bigint       not null default 0,
    backend_pid integer      not null,
    xact_start  timestamptz  not null,
    created_at  timestamptz  not null default now()
);
create index quota_reservations_owner on felicette.quota_reservations (kind, owner_id);
--rollback drop table felicette.quota_reservations;
