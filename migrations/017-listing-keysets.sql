--liquibase formatted sql

--changeset felicette:017-listing-keysets
--comment: Listings page by keyset, newest first with ties by id: each page is read along an index in
--comment: that order, strictly after the last item of the page before (never by OFFSET).
create index jobs_owner_keyset_idx on felicette.jobs (owner_id, created_at desc, id desc);
create index jobs_keyset_idx on felicette.jobs (created_at desc, id desc);
drop index felicette.jobs_owner_idx;
create index uploads_owner_keyset_idx on felicette.uploads (owner_id, created_at desc, id desc);
drop index felicette.uploads_owner_idx;
