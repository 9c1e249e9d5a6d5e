package org.felicette.datalink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.felicette.FelicetteException;
import org.felicette.StartupException;
import org.felicette.auth.Caller;
import org.felicette.catalog.CatalogReader;
import org.felicette.db.DatalinkDao;
import org.felicette.db.Viewer;
import org.felicette.db.Db;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * DataLink artefacts from the live catalogue: the manifest derived from the snippets'
 * placeholders, the check of those placeholders against the catalogue, and the principal and
 * minimal column lists — so that TAP service, DataLink service and catalogue cannot disagree.
 */
public final class DatalinkService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Db db;
    private final CatalogReader catalog;

    public DatalinkService(Db db, CatalogReader catalog) {
        this.db = db;
        this.catalog = catalog;
    }

    /** Loads {@code DIR/*.xml} as snippets and {@code DIR/columns-minimal.yaml} as minimal lists. */
    public void loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".xml")) {
                    Snippet snippet = Snippet.parse(fileName.substring(0, fileName.length() - 4), read(file));
                    db.useExtension(DatalinkDao.class, dao -> dao.putSnippet(snippet.name(), snippet.text(), null));
                } else if (fileName.equals("columns-minimal.yaml")) {
                    Map<String, List<String>> lists = parseColumnsDocument(read(file), DatalinkFiles.MINIMAL_KEY, fileName);
                    db.useExtension(DatalinkDao.class, dao -> lists.forEach((table, columns) ->
                            dao.putMinimal(table, json(columns), null)));
                }
            }
        } catch (IOException e) {
            throw new StartupException("cannot read the DataLink directory " + dir + ": " + e.getMessage(), e);
        } catch (FelicetteException e) {
            throw new StartupException("DataLink file in " + dir + " is not valid: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** Reads {@code tables: {table: {key: [columns]}}} (as Rubin's files are). */
    public static Map<String, List<String>> parseColumnsDocument(String text, String key, String what) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(16 * 1024 * 1024);
        Object document = new Yaml(new SafeConstructor(options)).load(text);
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!(document instanceof Map<?, ?> root) || !(root.get("tables") instanceof Map<?, ?> tables)) {
            throw FelicetteException.badInput("bad_columns_file", what + " must be a mapping with 'tables'");
        }
        tables.forEach((table, value) -> {
            Object columns = value instanceof Map<?, ?> m ? m.get(key) : null;
            if (!(columns instanceof List<?> list)) {
                throw FelicetteException.badInput("bad_columns_file", what + ": table " + table + " has no list '" + key + "'");
            }
            out.put(String.valueOf(table), list.stream().map(String::valueOf).toList());
        });
        return out;
    }

    public List<Snippet> snippets() {
        return db.withExtension(DatalinkDao.class, DatalinkDao::snippets).stream()
                .map(s -> Snippet.parse(s.name(), s.text())).toList();
    }

    public void putSnippet(Caller caller, String name, String text) {
        caller.requireAdmin("change DataLink snippets");
        Snippet snippet = Snippet.parse(name, text);
        db.useExtension(DatalinkDao.class, dao -> dao.putSnippet(snippet.name(), snippet.text(), caller.user()));
    }

    public void deleteSnippet(Caller caller, String name) {
        caller.requireAdmin("change DataLink snippets");
        if (db.withExtension(DatalinkDao.class, dao -> dao.deleteSnippet(name)) == 0) {
            throw FelicetteException.notFound("no DataLink snippet '" + name + "'");
        }
    }

    /** {@code snippet name → column placeholders}, derived from the snippets themselves. */
    public static Map<String, List<String>> manifest(List<Snippet> snippets) {
        Map<String, List<String>> manifest = new LinkedHashMap<>();
        snippets.forEach(s -> manifest.put(s.name(), s.columns()));
        return manifest;
    }

    /** A placeholder that names no column the caller can see. */
    public record Missing(String snippet, String placeholder) {
    }

    public List<Missing> check(Caller caller) {
        Set<String> known = new HashSet<>();
        columns(caller, null).forEach(c -> known.add(Snippet.placeholderOf(c.tableName(), c.columnName())));
        List<Missing> missing = new ArrayList<>();
        for (Snippet snippet : snippets()) {
            snippet.columns().stream().filter(p -> !known.contains(p))
                    .forEach(p -> missing.add(new Missing(snippet.name(), p)));
        }
        return missing;
    }

    /** Every table the caller sees with its principal columns (in list order), tables by name. */
    public Map<String, List<String>> principal(Caller caller) {
        Map<String, List<String>> out = new TreeMap<>();
        db.withExtension(DatalinkDao.class, dao -> dao.tables(CatalogReader.viewer(caller)))
                .forEach(t -> out.put(t, new ArrayList<>()));
        columns(caller, null).stream().filter(DatalinkDao.TableColumnName::principal)
                .forEach(c -> out.get(c.tableName()).add(c.columnName()));
        return out;
    }

    /** The registry's minimal lists (of tables the caller sees, or not in the catalogue), and [] for the rest. */
    public Map<String, List<String>> minimal(Caller caller) {
        Viewer viewer = CatalogReader.viewer(caller);
        return db.withExtension(DatalinkDao.class, dao -> {
            Map<String, List<String>> out = new TreeMap<>();
            Set<String> visible = new HashSet<>(dao.tables(viewer));
            Set<String> all = new HashSet<>(dao.tables(new Viewer(null, new String[0], true)));
            visible.forEach(t -> out.put(t, List.of()));
            for (DatalinkDao.StoredSnippet list : dao.minimalLists()) {
                if (visible.contains(list.name()) || !all.contains(list.name())) {
                    out.put(list.name(), parseList(list.text()));
                }
            }
            return out;
        });
    }

    /** The column names DataLink asks for: {@code full}, {@code principal} or {@code minimal}. */
    public List<String> columns(Caller caller, String table, String detail) {
        List<DatalinkDao.TableColumnName> columns = columns(caller, table);
        if (columns.isEmpty()) {
            throw FelicetteException.notFound("no table '" + table + "'");
        }
        return switch (detail == null ? "full" : detail) {
            case "full" -> columns.stream().map(DatalinkDao.TableColumnName::columnName).toList();
            case "principal" -> columns.stream().filter(DatalinkDao.TableColumnName::principal)
                    .map(DatalinkDao.TableColumnName::columnName).toList();
            case "minimal" -> db.withExtension(DatalinkDao.class, dao -> dao.minimalList(columns.get(0).tableName()))
                    .map(DatalinkService::parseList).orElse(List.of());
            default -> throw FelicetteException.badInput("bad_detail", "detail must be full, principal or minimal, not '"
                    + detail + "'");
        };
    }

    /** Sets a table's minimal columns (its owner or an admin); every name must be a column of it. */
    public void setMinimal(Caller caller, String table, List<String> names) {
        caller.requireIdentity("set minimal columns");
        List<DatalinkDao.TableColumnName> columns = columns(caller, table);
        if (columns.isEmpty()) {
            throw FelicetteException.notFound("no table '" + table + "'");
        }
        String actual = columns.get(0).tableName();
        // the table's owner (or an admin) says which of its columns are minimal; a published table has no owner
        boolean owned = catalog.table(caller, actual).map(t -> t.table().access().managedBy(caller, null))
                .orElse(false);
        if (!owned) {
            throw FelicetteException.forbidden("only the owner of '" + actual + "' or an admin may set its minimal columns");
        }
        Set<String> known = new HashSet<>();
        columns.forEach(c -> known.add(c.columnName().toLowerCase(Locale.ROOT)));
        for (String name : names) {
            if (!known.contains(name.toLowerCase(Locale.ROOT))) {
                throw FelicetteException.badInput("bad_column", "'" + name + "' is not a column of " + actual);
            }
        }
        db.useExtension(DatalinkDao.class, dao -> dao.putMinimal(actual, json(names), caller.user()));
    }

    /** Changes whenever anything the caller's artefacts show changes: for ETags and the version header. */
    public String version(Caller caller) {
        return catalog.state(caller) + "/" + db.withExtension(DatalinkDao.class, DatalinkDao::version);
    }

    /**
     * {@link #version} read from the database now: the label of an answer about to be made, which
     * must not be that of before a change another instance committed and this one has not yet
     * heard of (it could come back after the change is undone, and a client's copy would pass for
     * current).
     */
    public String freshVersion(Caller caller) {
        return catalog.freshState(caller) + "/" + db.withExtension(DatalinkDao.class, DatalinkDao::version);
    }

    private List<DatalinkDao.TableColumnName> columns(Caller caller, String table) {
        return db.withExtension(DatalinkDao.class, dao -> dao.columns(CatalogReader.viewer(caller), table));
    }

    private static List<String> parseList(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored minimal list is not JSON", e);
        }
    }

    private static String json(List<String> columns) {
        try {
            return JSON.writeValueAsString(columns);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
