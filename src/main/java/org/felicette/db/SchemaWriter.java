package org.felicette.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.felicette.tapschema.CatalogModel;
import org.felicette.tapschema.CatalogModel.KeyInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.TapRows;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The statements of a Felis publish, on the connection of the caller's transaction, in as few
 * round trips as the work allows: lock and state in one, the old rows' removal with the new
 * schema row in one, a COPY each for tables and columns, and keys with the version record in
 * one. Plain JDBC rather than Jdbi SQL objects: on this path Jdbi's per-call set-up cost more
 * than the statements themselves (bench/README.md has the figures).
 */
public final class SchemaWriter {

    /**
     * Takes the schema's transaction lock, then reads what the publish must know. Two statements
     * sent together: the second takes its snapshot after the first has the lock, so it sees
     * whatever the previous holder committed.
     */
    private static final String LOCK_AND_STATE = """
            SELECT pg_advisory_xact_lock(hashtext(?));
            SELECT (SELECT v.checksum FROM felicette.felis_schemas s
                    JOIN felicette.felis_schema_versions v ON v.id = s.current_version WHERE s.name = ?)
                       AS current_checksum,
                   (SELECT api_created FROM tap_schema.schemas11 WHERE schema_name = ?) AS api_created,
                   ARRAY(SELECT k.key_id || ' (schema ' || t.schema_name || ')'
                         FROM tap_schema.keys11 k JOIN tap_schema.tables11 t ON t.table_name = k.from_table
                         WHERE k.key_id = ANY(?::text[]) AND t.schema_name <> ? ORDER BY 1) AS taken_keys,
                   EXISTS (SELECT 1 FROM felicette.felis_documents WHERE sha256 = ?) AS document_stored
            """;

    /**
     * Removes a schema's rows from all five tables in one statement. The foreign keys between the
     * tables are checked at the end of the statement, when children and parents are gone together.
     */
    private static final String DELETE = """
            WITH t AS (SELECT table_name FROM tap_schema.tables11 WHERE schema_name = ?),
                 k AS (SELECT key_id FROM tap_schema.keys11 WHERE from_table IN (SELECT table_name FROM t)
                       OR target_table IN (SELECT table_name FROM t)),
                 key_columns AS (DELETE FROM tap_schema.key_columns11 WHERE key_id IN (SELECT key_id FROM k)),
                 keys AS (DELETE FROM tap_schema.keys11 WHERE key_id IN (SELECT key_id FROM k)),
                 columns AS (DELETE FROM tap_schema.columns11 WHERE table_name IN (SELECT table_name FROM t)),
                 tables AS (DELETE FROM tap_schema.tables11 WHERE schema_name = ?)
            DELETE FROM tap_schema.schemas11 WHERE schema_name = ?""";

    /** Keys of other schemas' tables (users' tables) that point at this schema's tables. */
    private static final String INBOUND = """
            SELECT k.key_id, k.from_table, k.target_table, k.utype, k.description, kc.from_column, kc.target_column
            FROM tap_schema.keys11 k
            JOIN tap_schema.key_columns11 kc ON kc.key_id = k.key_id
            JOIN tap_schema.tables11 f ON f.table_name = k.from_table
            JOIN tap_schema.tables11 t ON t.table_name = k.target_table
            WHERE t.schema_name = ? AND f.schema_name <> ?
            ORDER BY k.key_id""";

    private static final String INSERT_KEY = """
            INSERT INTO tap_schema.keys11 (key_id, from_table, target_table, utype, description) VALUES (?, ?, ?, ?, ?)""";

    private static final String INSERT_KEY_COLUMN = """
            INSERT INTO tap_schema.key_columns11 (key_id, from_column, target_column) VALUES (?, ?, ?)""";

    private static final String INSERT_SCHEMA = """
            INSERT INTO tap_schema.schemas11 (schema_name, utype, description, schema_index, owner_id, read_anon,
                read_only_group, read_write_group, api_created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String INSERT_KEYS = """
            INSERT INTO tap_schema.keys11 (key_id, from_table, target_table, utype, description)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]);
            INSERT INTO tap_schema.key_columns11 (key_id, from_column, target_column)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[])""";

    /**
     * The version record: its document (stored once per content, and not sent at all when the
     * state said it is there), the version, the schema's pointer to it, and the audit entry.
     */
    private static final String RECORD = """
            WITH document AS (
                     INSERT INTO felicette.felis_documents (sha256, text)
                     SELECT ?, CAST(? AS text) WHERE CAST(? AS text) IS NOT NULL
                     ON CONFLICT (sha256) DO NOTHING),
                 version AS (
                     INSERT INTO felicette.felis_schema_versions (name, felis_version, checksum, document_sha256,
                         sources, options, schema_index, owner_id, table_count, column_count, key_count, published_by)
                     VALUES (?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?, ?, ?)
                     RETURNING id, name, published_by),
                 current AS (
                     INSERT INTO felicette.felis_schemas (name, current_version, retired_at)
                     SELECT name, id, NULL FROM version
                     ON CONFLICT (name) DO UPDATE SET current_version = EXCLUDED.current_version, retired_at = NULL),
                 audit AS (
                     INSERT INTO felicette.audit_log (actor, action, object_type, object_name, detail)
                     SELECT published_by, 'publish', 'schema', name, CAST(? AS jsonb) FROM version)
            SELECT id FROM version""";

    /**
     * What a publish needs to know before it writes: the checksum of the current version, whether
     * a schema of that name was created through the table API, which of the new key ids other
     * schemas already use, and whether the document is already stored (documents are never
     * deleted, so the answer holds until the publish commits).
     */
    public record State(String currentChecksum, Integer apiCreated, List<String> takenKeys, boolean documentStored) {
    }

    /** A new version, to be recorded; its main document is stored (once) under its SHA-256. */
    public record NewVersion(String name, String felisVersion, String checksum, String documentSha256, String sources,
            String options, Integer schemaIndex, String ownerId, int tableCount, int columnCount, int keyCount,
            String publishedBy) {
    }

    /** A key id of the new rows that another schema's keys already use (found at the insert). */
    public static final class KeyIdTaken extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final String keyId;

        KeyIdTaken(String keyId, SQLException cause) {
            super("key id " + keyId + " is taken", cause);
            this.keyId = keyId;
        }

        public String keyId() {
            return keyId;
        }
    }

    private static final String UNIQUE_VIOLATION = "23505";

    private final Connection connection;

    /** The writer of a transaction's connection. */
    public static SchemaWriter in(Tx tx) {
        return new SchemaWriter(tx.handle().getConnection());
    }

    public SchemaWriter(Connection connection) {
        this.connection = connection;
    }

    /** The lock every writer of a published schema takes, on any instance sharing the database. */
    public static String lockKey(String schemaName) {
        return "felis-schema:" + schemaName;
    }

    /** Waits for the schema's lock (held until the transaction ends), then reads its state. */
    public State lockAndState(String schemaName, List<String> keyIds, String documentSha256) {
        try (PreparedStatement st = connection.prepareStatement(LOCK_AND_STATE)) {
            st.setString(1, lockKey(schemaName));
            st.setString(2, schemaName);
            st.setString(3, schemaName);
            st.setArray(4, connection.createArrayOf("text", keyIds.toArray()));
            st.setString(5, schemaName);
            st.setString(6, documentSha256);
            st.execute();
            if (!st.getMoreResults()) {
                throw new SQLException("the state query returned no result");
            }
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                Array taken = rs.getArray("taken_keys");
                int apiCreated = rs.getInt("api_created");
                return new State(rs.getString("current_checksum"), rs.wasNull() ? null : apiCreated,
                        Arrays.asList((String[]) taken.getArray()), rs.getBoolean("document_stored"));
            }
        } catch (SQLException e) {
            throw new DatabaseException("reading the state of schema " + schemaName, e);
        }
    }

    /** Removes a schema's rows from TAP_SCHEMA. */
    public void delete(String schemaName) {
        try (PreparedStatement st = connection.prepareStatement(DELETE)) {
            bindDelete(st, schemaName);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("deleting the rows of schema " + schemaName, e);
        }
    }

    /**
     * Replaces a schema's rows by {@code rows} and records the version.
     *
     * @param documentText the main document, or null when the state said it is stored
     * @return the id of the new version
     * @throws KeyIdTaken when another schema's keys took one of the key ids since the state was read
     */
    public long replace(TapRows rows, NewVersion version, String documentText, String auditDetail) {
        try {
            return write(rows, version, documentText, auditDetail);
        } catch (SQLException e) {
            throw new DatabaseException("writing the rows of schema " + rows.schema().name(), e);
        }
    }

    private long write(TapRows rows, NewVersion version, String documentText, String auditDetail)
            throws SQLException {
        List<KeyInfo> inbound = inbound(rows.schema().name());
        try (PreparedStatement st = connection.prepareStatement(DELETE + ";\n" + INSERT_SCHEMA)) {
            int i = bindDelete(st, rows.schema().name());
            SchemaInfo s = rows.schema();
            st.setString(i++, s.name());
            st.setString(i++, s.utype());
            st.setString(i++, s.description());
            setInteger(st, i++, s.index());
            st.setString(i++, s.access().ownerId());
            st.setInt(i++, s.access().isPublic() ? 1 : 0);
            st.setString(i++, s.access().readOnlyGroup());
            st.setString(i++, s.access().readWriteGroup());
            st.setInt(i, flag(s.apiCreated()));
            st.execute();
        }
        CopyWriter copy = new CopyWriter(connection);
        copy.copy("tap_schema.tables11", "schema_name, table_name, table_type, utype, description, table_index, "
                + "owner_id, read_anon, read_only_group, read_write_group, api_created", rows.tables(), t ->
                new Object[] {t.schemaName(), t.name(), t.type(), t.utype(), t.description(),
                    t.index(), t.access().ownerId(), flag(t.access().isPublic()), t.access().readOnlyGroup(),
                    t.access().readWriteGroup(), flag(t.apiCreated())});
        copy.copy("tap_schema.columns11", "table_name, column_name, utype, ucd, unit, description, datatype, "
                + "arraysize, xtype, \"size\", principal, indexed, std, column_index, \"nullable\", primary_key, ordinal",
                rows.columns(), c -> new Object[] {c.tableName(), c.name(), c.utype(), c.ucd(), c.unit(),
                    c.description(), c.datatype(), c.arraysize(), c.xtype(), c.size(), flag(c.principal()),
                    flag(c.indexed()), flag(c.std()), c.columnIndex(), c.nullable() == null ? null : flag(c.nullable()),
                    flag(c.primaryKey()), c.ordinal()});
        keepInbound(inbound, rows);
        try (PreparedStatement st = connection.prepareStatement(INSERT_KEYS + ";\n" + RECORD)) {
            return insertKeysAndRecord(st, rows, version, documentText, auditDetail);
        } catch (PSQLException e) {
            ServerErrorMessage server = e.getServerErrorMessage();
            if (UNIQUE_VIOLATION.equals(e.getSQLState()) && server != null
                    && "keys11_pkey".equals(server.getConstraint())) {
                throw new KeyIdTaken(takenKey(server.getDetail()), e);
            }
            throw e;
        }
    }

    private List<KeyInfo> inbound(String schemaName) throws SQLException {
        List<KeyInfo> keys = new java.util.ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(INBOUND)) {
            st.setString(1, schemaName);
            st.setString(2, schemaName);
            try (ResultSet rs = st.executeQuery()) {
                KeyInfo current = null;
                while (rs.next()) {
                    if (current == null || !current.keyId().equals(rs.getString(1))) {
                        current = new KeyInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), new java.util.ArrayList<>());
                        keys.add(current);
                    }
                    current.columns().add(new CatalogModel.KeyColumn(rs.getString(6), rs.getString(7)));
                }
            }
        }
        return keys;
    }

    /**
     * Puts back the keys of users' tables that point at this schema's tables, where the table and
     * the columns they point at are still there in the new version (a survey republished under its
     * users keeps their links; a link to a table or column it no longer has goes).
     */
    private void keepInbound(List<KeyInfo> inbound, TapRows rows) throws SQLException {
        if (inbound.isEmpty()) {
            return;
        }
        java.util.Set<String> columns = new java.util.HashSet<>();
        rows.columns().forEach(c -> columns.add(c.tableName() + "\n" + c.name()));
        try (PreparedStatement key = connection.prepareStatement(INSERT_KEY);
                PreparedStatement pair = connection.prepareStatement(INSERT_KEY_COLUMN)) {
            for (KeyInfo k : inbound) {
                if (!k.columns().stream().allMatch(c -> columns.contains(k.targetTable() + "\n" + c.targetColumn()))) {
                    continue;
                }
                key.setString(1, k.keyId());
                key.setString(2, k.fromTable());
                key.setString(3, k.targetTable());
                key.setString(4, k.utype());
                key.setString(5, k.description());
                key.executeUpdate();
                for (CatalogModel.KeyColumn c : k.columns()) {
                    pair.setString(1, k.keyId());
                    pair.setString(2, c.fromColumn());
                    pair.setString(3, c.targetColumn());
                    pair.executeUpdate();
                }
            }
        }
    }

    /** The key id in PostgreSQL's "Key (key_id)=(fk_x) already exists." */
    static String takenKey(String detail) {
        if (detail != null) {
            int open = detail.indexOf(")=(");
            int close = detail.lastIndexOf(") already exists");
            if (open >= 0 && close > open) {
                return detail.substring(open + 3, close);
            }
        }
        return "some of its key ids";
    }

    private long insertKeysAndRecord(PreparedStatement st, TapRows rows, NewVersion version, String documentText,
            String auditDetail) throws SQLException {
        int i = 1;
        i = setArray(st, i, rows.keys(), KeyInfo::keyId);
        i = setArray(st, i, rows.keys(), KeyInfo::fromTable);
        i = setArray(st, i, rows.keys(), KeyInfo::targetTable);
        i = setArray(st, i, rows.keys(), KeyInfo::utype);
        i = setArray(st, i, rows.keys(), KeyInfo::description);
        List<String[]> pairs = rows.keys().stream().flatMap(k -> k.columns().stream()
                .map(c -> new String[] {k.keyId(), c.fromColumn(), c.targetColumn()})).toList();
        i = setArray(st, i, pairs, pair -> pair[0]);
        i = setArray(st, i, pairs, pair -> pair[1]);
        i = setArray(st, i, pairs, pair -> pair[2]);
        st.setString(i++, version.documentSha256());
        st.setString(i++, documentText);
        st.setString(i++, documentText);
        st.setString(i++, version.name());
        st.setString(i++, version.felisVersion());
        st.setString(i++, version.checksum());
        st.setString(i++, version.documentSha256());
        st.setString(i++, version.sources());
        st.setString(i++, version.options());
        setInteger(st, i++, version.schemaIndex());
        st.setString(i++, version.ownerId());
        st.setInt(i++, version.tableCount());
        st.setInt(i++, version.columnCount());
        st.setInt(i++, version.keyCount());
        st.setString(i++, version.publishedBy());
        st.setString(i, auditDetail);
        boolean isResult = st.execute();
        while (!isResult) {
            if (st.getUpdateCount() == -1) {
                throw new SQLException("the version record returned no id");
            }
            isResult = st.getMoreResults();
        }
        try (ResultSet rs = st.getResultSet()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int bindDelete(PreparedStatement st, String schemaName) throws SQLException {
        st.setString(1, schemaName);
        st.setString(2, schemaName);
        st.setString(3, schemaName);
        return 4;
    }

    /** A flag as TAP 1.1 stores it. */
    private static int flag(boolean value) {
        return value ? 1 : 0;
    }

    private static void setInteger(PreparedStatement st, int index, Integer value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.INTEGER);
        } else {
            st.setInt(index, value);
        }
    }

    private <T> int setArray(PreparedStatement st, int index, List<T> rows, Function<T, String> value)
            throws SQLException {
        st.setArray(index, connection.createArrayOf("text", rows.stream().map(value).toArray()));
        return index + 1;
    }
}
