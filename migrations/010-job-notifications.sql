--liquibase formatted sql

--changeset felicette:010-job-notifications splitStatements:false
--comment: Every committed phase change (and deletion) of a job is announced on channel felicette_jobs
--comment: with the payload "id phase", so that a WAIT on any instance returns at once, an ABORT reaches
--comment: the instance running the job, and idle workers wake for a newly queued job.
create function felicette.notify_job_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        perform pg_notify('felicette_jobs', old.id || ' DELETED');
        return null;
    end if;
    if tg_op = 'INSERT' or new.phase is distinct from old.phase then
        perform pg_notify('felicette_jobs', new.id || ' ' || new.phase);
    end if;
    return null;
end;
$$;

create trigger jobs_notify after insert or update of phase or delete on felicette.jobs
    for each row execute function felicette.notify_job_change();

--changeset felicette:010-job-error-type
--comment: UWS errorSummary type: transient (worth resubmitting, e.g. an interrupted job) or fatal.
alter table felicette.jobs add column error_type varchar(16)
    check (error_type in ('transient', 'fatal'));

--changeset felicette:010-job-caller
--comment: Who submitted the job, as the service saw them (user, groups, admin): a job runs later, perhaps
--comment: on another instance, and is allowed what its submitter was.
alter table felicette.jobs add column caller jsonb not null default '{}';
