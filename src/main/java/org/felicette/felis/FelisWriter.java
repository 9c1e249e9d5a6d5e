package org.felicette.felis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.KeyColumn;
import org.felicette.tapschema.CatalogModel.KeyInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableDetail;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A schema's TAP_SCHEMA rows as a Felis document: what, published back ({@code PUT /schemas/{name}},
 * with {@code uniqueKeys} off, since the constraints are named by their key ids), gives the same
 * TAP_SCHEMA rows. The inverse of {@link TapSchemaMapper}: each column's VOTable type becomes the
 * Felis datatype (and length) felis maps to it, with {@code votable:arraysize} and
 * {@code votable:xtype} where felis's defaults would differ; an indexed column becomes a
 * one-column index; a foreign key between tables of the document a ForeignKey constraint. A key to
 * a table the document does not hold (of another schema: Felis would need a resource) is left out,
 * and listed in {@link Written#omitted}.
 */
public final class FelisWriter {

    /** The document, and the keys it could not hold. */
    public record Written(Map<String, Object> document, List<String> omitted) {

        public String yaml() {
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setIndent(2);
            options.setIndicatorIndent(0);
            options.setWidth(110);
            options.setExplicitStart(true);
            return new Yaml(options).dump(document);
        }
    }

    private FelisWriter() {
    }

    public static Written write(SchemaInfo schema, List<TableDetail> tables) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", schema.name());
        doc.put("@id", "#" + schema.name());
        put(doc, "description", schema.description());
        put(doc, "votable:utype", schema.utype());
        List<String> omitted = new ArrayList<>();
        List<Object> out = new ArrayList<>();
        java.util.Set<String> written = new java.util.HashSet<>();
        tables.forEach(t -> written.add(t.table().name()));
        for (TableDetail detail : tables) {
            out.add(table(schema, detail, written, omitted));
        }
        doc.put("tables", out);
        return new Written(doc, omitted);
    }

    private static Map<String, Object> table(SchemaInfo schema, TableDetail detail, java.util.Set<String> written,
            List<String> omitted) {
        String local = local(schema, detail.table().name());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", local);
        t.put("@id", "#" + local);
        put(t, "description", detail.table().description());
        put(t, "votable:utype", detail.table().utype());
        if (detail.table().index() != null && detail.table().index() != 0) {
            t.put("tap:table_index", detail.table().index());
        }
        List<Object> columns = new ArrayList<>();
        List<Object> indexes = new ArrayList<>();
        for (ColumnInfo c : detail.columns()) {
            columns.add(column(local, c));
            if (c.indexed()) {
                Map<String, Object> index = new LinkedHashMap<>();
                String name = "idx_" + local + "_" + c.name();
                index.put("name", name);
                index.put("@id", "#" + name);
                index.put("columns", List.of("#" + local + "." + c.name()));
                indexes.add(index);
            }
        }
        t.put("columns", columns);
        if (!indexes.isEmpty()) {
            t.put("indexes", indexes);
        }
        List<Object> constraints = new ArrayList<>();
        for (KeyInfo key : detail.keys()) {
            if (!key.fromTable().equals(detail.table().name())) {
                continue;
            }
            if (!written.contains(key.targetTable())) {
                omitted.add(key.keyId() + " (" + key.fromTable() + " to " + key.targetTable() + ")");
                continue;
            }
            String target = local(schema, key.targetTable());
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("name", key.keyId());
            k.put("@id", "#" + key.keyId());
            k.put("@type", "ForeignKey");
            put(k, "description", key.description());
            put(k, "votable:utype", key.utype());
            k.put("columns", key.columns().stream().map(p -> "#" + local + "." + p.fromColumn()).toList());
            k.put("referencedColumns", key.columns().stream().map(KeyColumn::targetColumn)
                    .map(col -> "#" + target + "." + col).toList());
            constraints.add(k);
        }
        if (!constraints.isEmpty()) {
            t.put("constraints", constraints);
        }
        return t;
    }

    private static Map<String, Object> column(String table, ColumnInfo c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("@id", "#" + table + "." + c.name());
        Felis type = felisType(c.datatype(), c.arraysize(), c.xtype());
        m.put("datatype", type.datatype().felisName());
        if (type.length() != null) {
            m.put("length", type.length());
        }
        if (!Objects.equals(type.datatype().defaultArraysize(type.length(), false), blank(c.arraysize()))) {
            m.put("votable:arraysize", blank(c.arraysize()) == null ? "1" : c.arraysize());
        }
        String defaultXtype = type.datatype() == Datatype.TIMESTAMP ? "timestamp" : null;
        if (!Objects.equals(defaultXtype, blank(c.xtype())) && blank(c.xtype()) != null) {
            m.put("votable:xtype", c.xtype());
        }
        put(m, "description", c.description());
        put(m, "ivoa:ucd", c.ucd());
        put(m, "ivoa:unit", c.unit());
        put(m, "votable:utype", c.utype());
        if (c.nullable() != null && !c.nullable()) {
            m.put("nullable", false);
        }
        if (c.principal()) {
            m.put("tap:principal", 1);
        }
        if (c.std()) {
            m.put("tap:std", 1);
        }
        if (c.columnIndex() != null) {
            m.put("tap:column_index", c.columnIndex());
        }
        return m;
    }

    /** A Felis datatype and length. */
    record Felis(Datatype datatype, Integer length) {
    }

    /** The Felis type felis maps to this VOTable type (its arraysize and xtype written beside it where they differ). */
    static Felis felisType(String votable, String arraysize, String xtype) {
        String size = blank(arraysize);
        Integer n = size == null ? null : leadingNumber(size);
        return switch (votable) {
            case "boolean" -> new Felis(Datatype.BOOLEAN, null);
            case "short" -> new Felis(Datatype.SHORT, null);
            case "int" -> new Felis(Datatype.INT, null);
            case "long" -> new Felis(Datatype.LONG, null);
            case "float" -> new Felis(Datatype.FLOAT, null);
            case "double" -> new Felis(Datatype.DOUBLE, null);
            case "unsignedByte" -> size != null && size.endsWith("*") && n != null && n > 1
                    ? new Felis(Datatype.BINARY, n) : new Felis(Datatype.BYTE, null);
            case "unicodeChar" -> new Felis(Datatype.UNICODE, n != null ? n : 1);
            case "char" -> {
                if ("timestamp".equals(blank(xtype)) && "*".equals(size)) {
                    yield new Felis(Datatype.TIMESTAMP, null);
                }
                if (size == null) {
                    yield new Felis(Datatype.CHAR, 1);
                }
                if (size.equals("*")) {
                    yield new Felis(Datatype.TEXT, null);
                }
                if (n != null && size.endsWith("*")) {
                    yield new Felis(Datatype.STRING, n);
                }
                yield new Felis(Datatype.CHAR, n != null ? n : 1);
            }
            default -> throw new IllegalArgumentException("VOTable datatype '" + votable + "' has no Felis datatype");
        };
    }

    private static Integer leadingNumber(String arraysize) {
        String digits = arraysize.replace("*", "");
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Integer.valueOf(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String local(SchemaInfo schema, String qualified) {
        return qualified.startsWith(schema.name() + ".") ? qualified.substring(schema.name().length() + 1) : qualified;
    }

    private static void put(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isBlank()) {
            m.put(key, value);
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
