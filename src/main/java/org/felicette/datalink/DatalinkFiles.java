package org.felicette.datalink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The artefacts in the shapes Rubin's sdm_schemas build writes and datalinker and the TAP
 * service read: {@code columns-principal.yaml} / {@code columns-minimal.yaml}
 * ({@code tables: {schema.table: {KEY: [columns]}}}), {@code datalink-manifest.json}, and the
 * two zips of the release assets.
 */
public final class DatalinkFiles {

    public static final String PRINCIPAL_KEY = "tap:principal";
    public static final String MINIMAL_KEY = "lsst:minimal";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DatalinkFiles() {
    }

    /** {@code tables: {table: {key: [columns]}}}, tables in the order given (sorted by the caller). */
    public static Map<String, Object> columnsDocument(Map<String, List<String>> columnsByTable, String key) {
        Map<String, Object> tables = new LinkedHashMap<>();
        columnsByTable.forEach((table, columns) -> tables.put(table, Map.of(key, columns)));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("tables", tables);
        return document;
    }

    public static String yaml(Map<String, Object> document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        return new Yaml(options).dump(document);
    }

    public static String json(Object document) {
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** datalink-columns.zip: the two column lists. */
    public static void columnsZip(OutputStream out, String principalYaml, String minimalYaml) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, "columns-principal.yaml", principalYaml);
            entry(zip, "columns-minimal.yaml", minimalYaml);
        }
    }

    /** datalink-snippets.zip: every snippet as NAME.xml and the manifest. */
    public static void snippetsZip(OutputStream out, List<Snippet> snippets, Map<String, List<String>> manifest)
            throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Snippet snippet : snippets) {
                entry(zip, snippet.name() + ".xml", snippet.text());
            }
            entry(zip, "datalink-manifest.json", json(manifest));
        }
    }

    public static byte[] bytes(ZipWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out);
        return out.toByteArray();
    }

    /** Writes a zip. */
    public interface ZipWriter {
        void write(OutputStream out) throws IOException;
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(0); // the same content gives the same bytes
        zip.putNextEntry(entry);
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
