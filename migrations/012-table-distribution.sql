--liquibase formatted sql

--changeset felicette:012-table-distribution
--comment: How a user table would be spread over a distributed back end, in the words of Qserv's
--comment: user-table ingest (is_partitioned, is_director, id_col_name, longitude_col_name,
--comment: latitude_col_name, ref_director_table, ref_director_id_col_name): kept with the table's
--comment: metadata (and gone with it), so that handing a table to Qserv is a translation.
create table felicette.table_distribution (
    table_name               varchar(128) primary key
                             references tap_schema.tables11 (table_name) on delete cascade on update cascade,
    is_partitioned           boolean      not null,
    is_director              boolean      not null,
    id_col_name              varchar(128),
    longitude_col_name       varchar(128),
    latitude_col_name        varchar(128),
    ref_director_table       varchar(128),
    ref_director_id_col_name varchar(128),
    changed_by               varchar(256) not null,
    changed_at               timestamptz  not null default now()
);
--rollback drop table felicette.table_distribution;
