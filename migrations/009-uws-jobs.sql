--liquibase formatted sql

--changeset felicette:009-uws-jobs
--comment: UWS jobs (index builds, async loads), kept in the database so that any instance may run
--comment: any job: a worker claims a QUEUED job with FOR UPDATE SKIP LOCKED and holds a lease it
--comment: renews; a job whose lease ran out (its instance went away) is ended by the next worker.
create table felicette.jobs (
    id                 varchar(32)  primary key,
    family             varchar(32)  not null,
    owner_id           varchar(256) not null,
    phase              varchar(16)  not null default 'PENDING'
        check (phase in ('PENDING', 'QUEUED', 'EXECUTING', 'COMPLETED', 'ERROR', 'ABORTED', 'UNKNOWN',
                         'HELD', 'SUSPENDED', 'ARCHIVED')),
    parameters         jsonb        not null default '{}',
    created_at         timestamptz  not null default now(),
    started_at         timestamptz,
    ended_at           timestamptz,
    execution_duration integer      not null default 0,
    destruction        timestamptz  not null,
    quote              timestamptz,
    results            jsonb        not null default '[]',
    error_summary      text,
    progress           jsonb        not null default '{}',
    instance           varchar(128),
    lease_until        timestamptz
);

create index jobs_owner_idx on felicette.jobs (owner_id, created_at);
create index jobs_queued_idx on felicette.jobs (created_at) where phase = 'QUEUED';
create index jobs_running_idx on felicette.jobs (lease_until) where phase = 'EXECUTING';
create index jobs_destruction_idx on felicette.jobs (destruction);
