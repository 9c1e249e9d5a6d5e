--liquibase formatted sql

--changeset felicette:018-owned-tables-keyset
--comment: A user's tables listed by name a page at a time (GET /quota): each page read along this
--comment: index from the last name of the page before.
create index tables11_owner_name_idx on tap_schema.tables11 (owner_id, table_name);
