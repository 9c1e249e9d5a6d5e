package org.felicette.catalog.publishing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.felicette.db.TapSchemaDao;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.TapRows;

/**
 * What a new version of a published schema changes: tables and columns added, removed and
 * changed. Worked out from the rows this instance wrote before, or from fingerprints of what
 * TAP_SCHEMA holds when another instance wrote it.
 */
final class SchemaDiff {

    private SchemaDiff() {
    }

    /** The differences from what TAP_SCHEMA holds, as {@link TapSchemaDao#fingerprints} read it. */
    static PublishReport.Diff of(List<TapSchemaDao.Fingerprint> current, TapRows rows) {
        Set<String> tablesBefore = new HashSet<>();
        Map<String, String> oldFingerprints = new HashMap<>();
        for (TapSchemaDao.Fingerprint f : current) {
            if (f.fingerprint() == null) {
                tablesBefore.add(f.name());
            } else {
                oldFingerprints.put(f.name(), f.fingerprint());
            }
        }
        return of(tablesBefore, oldFingerprints.keySet(),
                (key, row) -> !oldFingerprints.get(key).equals(fingerprint(row)), rows);
    }

    /** The differences from rows this instance wrote. */
    static PublishReport.Diff of(TapRows before, TapRows after) {
        List<ColumnInfo> old = before.columns();
        List<ColumnInfo> now = after.columns();
        if (old.size() == now.size() && tableNames(before).equals(tableNames(after))) {
            // Usually a new version has the same tables and columns in the same order: compare
            // row by row, and fall back to matching by name at the first difference of shape.
            List<String> changed = new ArrayList<>();
            int i = 0;
            for (; i < now.size(); i++) {
                ColumnInfo a = old.get(i);
                ColumnInfo b = now.get(i);
                if (!a.tableName().equals(b.tableName()) || !a.name().equals(b.name())) {
                    break;
                }
                if (!sameDescription(a, b)) {
                    changed.add(columnKey(b));
                }
            }
            if (i == now.size()) {
                return new PublishReport.Diff(List.of(), List.of(), List.of(), List.of(), sorted(changed));
            }
        }
        Map<String, ColumnInfo> byKey = new HashMap<>();
        old.forEach(c -> byKey.put(columnKey(c), c));
        return of(new HashSet<>(tableNames(before)), byKey.keySet(),
                (key, row) -> !sameDescription(byKey.get(key), row), after);
    }

    private static List<String> tableNames(TapRows rows) {
        return rows.tables().stream().map(TableInfo::name).toList();
    }

    private static String columnKey(ColumnInfo c) {
        return c.tableName() + "." + c.name();
    }

    /**
     * The differences from a previous version of which the table names and column keys
     * ({@code table.column}) are known; {@code changed} tells whether a column present in both
     * now says something else.
     */
    private static PublishReport.Diff of(Set<String> tablesBefore, Set<String> columnsBefore,
            BiPredicate<String, ColumnInfo> changed, TapRows rows) {
        Set<String> after = rows.tables().stream().map(TableInfo::name)
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> added = new ArrayList<>();
        List<String> changedColumns = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (ColumnInfo row : rows.columns()) {
            String key = columnKey(row);
            present.add(key);
            if (!columnsBefore.contains(key)) {
                added.add(key);
            } else if (changed.test(key, row)) {
                changedColumns.add(key);
            }
        }
        List<String> removed = columnsBefore.stream().filter(k -> !present.contains(k)).toList();
        return new PublishReport.Diff(minus(after, tablesBefore), sorted(minus(tablesBefore, after)), sorted(added),
                sorted(removed), sorted(changedColumns));
    }

    /** Whether two rows of one column say the same in TAP_SCHEMA (what {@link #fingerprint} covers). */
    static boolean sameDescription(ColumnInfo a, ColumnInfo b) {
        return a.withOrdinal(0).equals(b.withOrdinal(0));
    }

    /** The fingerprint {@link TapSchemaDao#fingerprints} computes in SQL (the two must agree), computed here for a new row. */
    static String fingerprint(ColumnInfo c) {
        String joined = String.join("|", orNull(c.utype()), orNull(c.ucd()), orNull(c.unit()), orNull(c.description()),
                c.datatype(), orNull(c.arraysize()), orNull(c.xtype()), orNull(c.size()), flag(c.principal()),
                flag(c.indexed()), flag(c.std()), orNull(c.columnIndex()),
                c.nullable() == null ? "\\N" : flag(c.nullable()), flag(c.primaryKey()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(joined.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A flag as TAP 1.1 stores it (and the SQL fingerprint reads it): 0 or 1. */
    private static String flag(boolean value) {
        return value ? "1" : "0";
    }

    private static String orNull(Object value) {
        return value == null ? "\\N" : value.toString();
    }

    private static List<String> minus(Set<String> a, Set<String> b) {
        return a.stream().filter(x -> !b.contains(x)).toList();
    }

    private static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
    }
}
