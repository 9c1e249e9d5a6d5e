--liquibase formatted sql

--changeset felicette:003-tap-schema-self-description
--comment: TAP_SCHEMA describes itself: the schema, its five standard tables and every column of
--comment: them (all std=1), and the foreign keys between them that TAP 1.1 describes. Both
--comment: keys.from_table and keys.target_table refer to tables, so there are five keys.
insert into tap_schema.schemas11 (schema_name, description, schema_index, read_anon, api_created) values
    ('tap_schema', 'a special schema to describe the tables of this TAP service (TAP 1.1)', 0, 1, 0);

insert into tap_schema.tables11 (schema_name, table_name, table_type, description, table_index, read_anon, api_created) values
    ('tap_schema', 'tap_schema.schemas', 'table', 'the schemas of this tableset', 1, 1, 0),
    ('tap_schema', 'tap_schema.tables', 'table', 'the tables of this tableset', 2, 1, 0),
    ('tap_schema', 'tap_schema.columns', 'table', 'the columns of the tables of this tableset', 3, 1, 0),
    ('tap_schema', 'tap_schema.keys', 'table', 'the foreign keys between tables of this tableset', 4, 1, 0),
    ('tap_schema', 'tap_schema.key_columns', 'table', 'the column pairs of the foreign keys of this tableset', 5, 1, 0);

insert into tap_schema.columns11 (table_name, column_name, description, datatype, arraysize, "size", principal, indexed, std, column_index) values
    ('tap_schema.schemas', 'schema_name', 'schema name, for reference to tap_schema.schemas', 'char', '64*', 64, 1, 1, 1, 1),
    ('tap_schema.schemas', 'utype', 'utype of the schema', 'char', '512*', 512, 1, 0, 1, 2),
    ('tap_schema.schemas', 'description', 'description of the schema', 'char', '*', NULL, 1, 0, 1, 3),
    ('tap_schema.schemas', 'schema_index', 'recommended order when listing schemas', 'int', NULL, NULL, 1, 0, 1, 4),
    ('tap_schema.tables', 'schema_name', 'the schema this table belongs to', 'char', '64*', 64, 1, 1, 1, 1),
    ('tap_schema.tables', 'table_name', 'the fully qualified table name', 'char', '128*', 128, 1, 1, 1, 2),
    ('tap_schema.tables', 'table_type', 'one of: table, view', 'char', '8*', 8, 1, 0, 1, 3),
    ('tap_schema.tables', 'utype', 'utype of the table', 'char', '512*', 512, 1, 0, 1, 4),
    ('tap_schema.tables', 'description', 'description of the table', 'char', '*', NULL, 1, 0, 1, 5),
    ('tap_schema.tables', 'table_index', 'recommended order when listing tables', 'int', NULL, NULL, 1, 0, 1, 6),
    ('tap_schema.columns', 'table_name', 'the table this column belongs to', 'char', '128*', 128, 1, 1, 1, 1),
    ('tap_schema.columns', 'column_name', 'the column name', 'char', '64*', 64, 1, 1, 1, 2),
    ('tap_schema.columns', 'utype', 'utype of the column', 'char', '512*', 512, 1, 0, 1, 3),
    ('tap_schema.columns', 'ucd', 'UCD of the column', 'char', '64*', 64, 1, 0, 1, 4),
    ('tap_schema.columns', 'unit', 'unit of the column values (VOUnit)', 'char', '64*', 64, 1, 0, 1, 5),
    ('tap_schema.columns', 'description', 'description of the column', 'char', '*', NULL, 1, 0, 1, 6),
    ('tap_schema.columns', 'datatype', 'VOTable datatype of the column', 'char', '64*', 64, 1, 0, 1, 7),
    ('tap_schema.columns', 'arraysize', 'VOTable arraysize of the column', 'char', '16*', 16, 1, 0, 1, 8),
    ('tap_schema.columns', 'xtype', 'DALI or custom extended type of the column', 'char', '64*', 64, 1, 0, 1, 9),
    ('tap_schema.columns', '"size"', 'deprecated: the integer part of arraysize', 'int', NULL, NULL, 1, 0, 1, 10),
    ('tap_schema.columns', 'principal', '1 for a principal column, 0 otherwise', 'int', NULL, NULL, 1, 0, 1, 11),
    ('tap_schema.columns', 'indexed', '1 for an indexed column, 0 otherwise', 'int', NULL, NULL, 1, 0, 1, 12),
    ('tap_schema.columns', 'std', '1 for a column defined by a standard, 0 otherwise', 'int', NULL, NULL, 1, 0, 1, 13),
    ('tap_schema.columns', 'column_index', 'recommended order when listing the columns of a table', 'int', NULL, NULL, 1, 0, 1, 14),
    ('tap_schema.keys', 'key_id', 'unique key id, to join with tap_schema.key_columns', 'char', '64*', 64, 1, 1, 1, 1),
    ('tap_schema.keys', 'from_table', 'the table with the foreign key', 'char', '128*', 128, 1, 1, 1, 2),
    ('tap_schema.keys', 'target_table', 'the table with the primary key', 'char', '128*', 128, 1, 1, 1, 3),
    ('tap_schema.keys', 'utype', 'utype of the key', 'char', '512*', 512, 1, 0, 1, 4),
    ('tap_schema.keys', 'description', 'description of the key', 'char', '*', NULL, 1, 0, 1, 5),
    ('tap_schema.key_columns', 'key_id', 'key id, to join with tap_schema.keys', 'char', '64*', 64, 1, 1, 1, 1),
    ('tap_schema.key_columns', 'from_column', 'column in the from_table', 'char', '64*', 64, 1, 0, 1, 2),
    ('tap_schema.key_columns', 'target_column', 'column in the target_table', 'char', '64*', 64, 1, 0, 1, 3);

insert into tap_schema.keys11 (key_id, from_table, target_table, description) values
    ('tap_schema_tables_schema', 'tap_schema.tables', 'tap_schema.schemas', 'each table belongs to a schema'),
    ('tap_schema_columns_table', 'tap_schema.columns', 'tap_schema.tables', 'each column belongs to a table'),
    ('tap_schema_keys_from_table', 'tap_schema.keys', 'tap_schema.tables', 'the table with the foreign key'),
    ('tap_schema_keys_target_table', 'tap_schema.keys', 'tap_schema.tables', 'the table the key refers to'),
    ('tap_schema_key_columns_key', 'tap_schema.key_columns', 'tap_schema.keys', 'each column pair belongs to a key');

insert into tap_schema.key_columns11 (key_id, from_column, target_column) values
    ('tap_schema_tables_schema', 'schema_name', 'schema_name'),
    ('tap_schema_columns_table', 'table_name', 'table_name'),
    ('tap_schema_keys_from_table', 'from_table', 'table_name'),
    ('tap_schema_keys_target_table', 'target_table', 'table_name'),
    ('tap_schema_key_columns_key', 'key_id', 'key_id');
--rollback delete from tap_schema.key_columns11 where key_id like 'tap_schema_%'; delete from tap_schema.keys11 where key_id like 'tap_schema_%'; delete from tap_schema.columns11 where table_name like 'tap_schema.%'; delete from tap_schema.tables11 where schema_name = 'tap_schema'; delete from tap_schema.schemas11 where schema_name = 'tap_schema';
