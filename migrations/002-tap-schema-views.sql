--liquibase formatted sql

--changeset felicette:002-tap-schema-views
--comment: The TAP 1.1 standard TAP_SCHEMA tables as views over the "11" tables: exactly the standard
--comment: columns, so that SELECT * FROM tap_schema.X answers what TAP 1.1 says it should.
create view tap_schema.schemas as
    select schema_name, utype, description, schema_index
    from tap_schema.schemas11;

create view tap_schema.tables as
    select schema_name, table_name, table_type, utype, description, table_index
    from tap_schema.tables11;

create view tap_schema.columns as
    select table_name, column_name, utype, ucd, unit, description, datatype, arraysize, xtype,
           "size", principal, indexed, std, column_index
    from tap_schema.columns11;

create view tap_schema.keys as
    select key_id, from_table, target_table, utype, description
    from tap_schema.keys11;

create view tap_schema.key_columns as
    select key_id, from_column, target_column
    from tap_schema.key_columns11;
--rollback drop view tap_schema.key_columns; drop view tap_schema.keys; drop view tap_schema.columns; drop view tap_schema.tables; drop view tap_schema.schemas;
