--liquibase formatted sql

--changeset felicette:015-job-results
--comment: The results of asynchronous queries, kept in the database in chunks so that any instance
--comment: serves a result whichever instance ran its job; deleted with their job.
create table felicette.job_results (
    job_id  varchar(32) not null references felicette.jobs (id) on delete cascade,
    name    varchar(32) not null,
    seq     integer     not null,
    data    bytea       not null,
    primary key (job_id, name, seq)
);

--rollback drop table felicette.job_results;
