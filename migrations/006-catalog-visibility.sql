--liquibase formatted sql

--changeset felicette:006-catalog-visibility splitStatements:false
--comment: What each caller may see, fast: indexes for every branch of the read rule (owner,
--comment: public, groups), so a caller's view is a bitmap-or of index scans and never reads other
--comment: users' private rows. change_seq numbers every change of a schema or table row (a column
--comment: change renumbers its table), so an ETag can say whether the rows a caller sees changed.
--comment: nullable and primary_key (extensions TAP allows) give the VOSI column flags.
create sequence felicette.catalog_change_seq;

-- change_seq is set by a trigger rather than a nextval() default, which would make ADD COLUMN
-- rewrite the tables.
alter table tap_schema.schemas11 add column change_seq bigint;
alter table tap_schema.tables11 add column change_seq bigint;
alter table tap_schema.columns11 add column "nullable" integer;
alter table tap_schema.columns11 add column primary_key integer;

create function felicette.renumber_change() returns trigger language plpgsql as $$
begin
    new.change_seq := nextval('felicette.catalog_change_seq');
    return new;
end;
$$;

create trigger schemas11_renumber before insert or update on tap_schema.schemas11
    for each row execute function felicette.renumber_change();
create trigger tables11_renumber before insert or update on tap_schema.tables11
    for each row execute function felicette.renumber_change();
update tap_schema.schemas11 set change_seq = nextval('felicette.catalog_change_seq');
update tap_schema.tables11 set change_seq = nextval('felicette.catalog_change_seq');

create function felicette.renumber_table_of_column() returns trigger language plpgsql as $$
begin
    update tap_schema.tables11 set change_seq = nextval('felicette.catalog_change_seq')
    where table_name = new.table_name;
    return null;
end;
$$;

create trigger columns11_renumber_table after update on tap_schema.columns11
    for each row execute function felicette.renumber_table_of_column();

-- Every committed change of TAP_SCHEMA is announced on channel felicette_catalog (NOTIFY is
-- delivered at commit, once per transaction), so that every instance drops what it cached about
-- who sees what without asking the database on each request.
create function felicette.notify_catalog_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('felicette_catalog', '');
    return null;
end;
$$;

create trigger schemas11_notify after insert or update or delete on tap_schema.schemas11
    for each statement execute function felicette.notify_catalog_change();
create trigger tables11_notify after insert or update or delete on tap_schema.tables11
    for each statement execute function felicette.notify_catalog_change();
create trigger columns11_notify after insert or update or delete on tap_schema.columns11
    for each statement execute function felicette.notify_catalog_change();
create trigger keys11_notify after insert or update or delete on tap_schema.keys11
    for each statement execute function felicette.notify_catalog_change();

create index schemas11_owner_idx on tap_schema.schemas11 (owner_id);
create index schemas11_ro_group_idx on tap_schema.schemas11 (read_only_group) where read_only_group is not null;
create index schemas11_rw_group_idx on tap_schema.schemas11 (read_write_group) where read_write_group is not null;
create index schemas11_anon_idx on tap_schema.schemas11 (schema_name) where read_anon = 1;
create index tables11_owner_idx on tap_schema.tables11 (owner_id);
create index tables11_ro_group_idx on tap_schema.tables11 (read_only_group) where read_only_group is not null;
create index tables11_rw_group_idx on tap_schema.tables11 (read_write_group) where read_write_group is not null;
create index schemas11_lower_name_idx on tap_schema.schemas11 (lower(schema_name));
create index tables11_lower_name_idx on tap_schema.tables11 (lower(table_name));
create index tables11_anon_idx on tap_schema.tables11 (table_name) where read_anon = 1;

update tap_schema.columns11 set "nullable" = 1, primary_key = 0 where table_name like 'tap_schema.%';
update tap_schema.columns11 set "nullable" = 0
    where table_name like 'tap_schema.%' and column_name in ('schema_name', 'table_name', 'table_type', 'column_name',
        'datatype', 'principal', 'indexed', 'std', 'key_id', 'from_table', 'target_table', 'from_column', 'target_column');
update tap_schema.columns11 set primary_key = 1
    where (table_name, column_name) in (('tap_schema.schemas', 'schema_name'), ('tap_schema.tables', 'table_name'),
                                        ('tap_schema.keys', 'key_id'));
--rollback drop trigger keys11_notify on tap_schema.keys11; drop trigger columns11_notify on tap_schema.columns11; drop trigger tables11_notify on tap_schema.tables11; drop trigger schemas11_notify on tap_schema.schemas11; drop function felicette.notify_catalog_change(); drop trigger columns11_renumber_table on tap_schema.columns11; drop trigger tables11_renumber on tap_schema.tables11; drop trigger schemas11_renumber on tap_schema.schemas11; drop function felicette.renumber_table_of_column(); drop function felicette.renumber_change(); alter table tap_schema.columns11 drop column primary_key; alter table tap_schema.columns11 drop column "nullable"; alter table tap_schema.tables11 drop column change_seq; alter table tap_schema.schemas11 drop column change_seq; drop sequence felicette.catalog_change_seq;
