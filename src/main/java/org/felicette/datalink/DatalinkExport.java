package org.felicette.datalink;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.TapRows;

/**
 * Writes the DataLink artefacts into a directory, laid out as sdm_schemas' release assets:
 * columns-principal.yaml, columns-minimal.yaml, datalink-manifest.json, the snippets, and the
 * zips datalink-columns.zip and datalink-snippets.zip.
 */
public final class DatalinkExport {

    private DatalinkExport() {
    }

    public static List<Path> write(Path dir, Map<String, List<String>> principal, Map<String, List<String>> minimal,
            List<Snippet> snippets) throws IOException {
        Files.createDirectories(dir);
        String principalYaml = DatalinkFiles.yaml(DatalinkFiles.columnsDocument(principal, DatalinkFiles.PRINCIPAL_KEY));
        String minimalYaml = DatalinkFiles.yaml(DatalinkFiles.columnsDocument(minimal, DatalinkFiles.MINIMAL_KEY));
        Map<String, List<String>> manifest = DatalinkService.manifest(snippets);
        List<Path> written = new ArrayList<>();
        written.add(text(dir.resolve("columns-principal.yaml"), principalYaml));
        written.add(text(dir.resolve("columns-minimal.yaml"), minimalYaml));
        written.add(text(dir.resolve("datalink-manifest.json"), DatalinkFiles.json(manifest)));
        for (Snippet snippet : snippets) {
            written.add(text(dir.resolve(snippet.name() + ".xml"), snippet.text()));
        }
        Path columnsZip = dir.resolve("datalink-columns.zip");
        try (OutputStream out = Files.newOutputStream(columnsZip)) {
            DatalinkFiles.columnsZip(out, principalYaml, minimalYaml);
        }
        written.add(columnsZip);
        Path snippetsZip = dir.resolve("datalink-snippets.zip");
        try (OutputStream out = Files.newOutputStream(snippetsZip)) {
            DatalinkFiles.snippetsZip(out, snippets, manifest);
        }
        written.add(snippetsZip);
        return written;
    }

    private static Path text(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /**
     * The principal columns of TAP_SCHEMA rows (as a publish would write them), tables by name,
     * columns by column_index (nulls last) and then in document order.
     */
    public static Map<String, List<String>> principal(List<TapRows> schemas) {
        Map<String, List<String>> out = new TreeMap<>();
        for (TapRows rows : schemas) {
            rows.tables().forEach(t -> out.put(t.name(), new ArrayList<>()));
            rows.columns().stream()
                    .sorted(Comparator.comparing(ColumnInfo::tableName)
                            .thenComparing(ColumnInfo::columnIndex, Comparator.nullsLast(Integer::compare))
                            .thenComparingInt(ColumnInfo::ordinal))
                    .filter(ColumnInfo::principal)
                    .forEach(c -> out.get(c.tableName()).add(c.name()));
        }
        return out;
    }

    /** Reads snippets from a directory's *.xml files (name = file name without .xml). */
    public static List<Snippet> snippets(Path dir) throws IOException {
        List<Snippet> snippets = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return snippets;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".xml")).sorted().toList()) {
                String name = file.getFileName().toString();
                snippets.add(Snippet.parse(name.substring(0, name.length() - 4),
                        Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        return snippets;
    }
}
