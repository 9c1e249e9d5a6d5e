--liquibase formatted sql

--changeset felicette:016-upload-descriptions
--comment: What the uploader says a temporary table holds, shown where its VOSI table is.
alter table felicette.uploads add column description text;
