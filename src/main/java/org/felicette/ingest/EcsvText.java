package org.felicette.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * An ECSV body whose columns are all scalars (bool, integers, floats, plain strings), read as
 * the delimited text it is: the header's YAML for the column names and kinds, then the records,
 * each value handed on as its text for PostgreSQL to parse, as for CSV. The values mean what
 * STIL's ECSV reader makes of them: an empty field (quoted or not) is null, and so is {@code nan}
 * in a floating-point column. A body with any other column (arrays, JSON subtypes, complex
 * numbers) is given back whole, for STIL.
 */
public final class EcsvText {

    /** The largest header read here; a longer one is STIL's to read. */
    static final int MAX_HEADER = 1024 * 1024;

    private static final Set<String> TEXT_KINDS = Set.of("bool", "int8", "int16", "int32", "int64", "uint8", "uint16",
            "uint32", "uint64", "float16", "float32", "float64", "string");

    private final List<String> names;
    private final boolean[] floating;
    private final CsvRecords records;

    private EcsvText(List<String> names, boolean[] floating, CsvRecords records) {
        this.names = names;
        this.floating = floating;
        this.records = records;
    }

    /** The body opened: as text, or given back whole for STIL. */
    public record Opened(EcsvText text, InputStream whole) {
    }

    /** Reads the header; the rows follow through {@link #next}. */
    public static Opened open(InputStream body) throws IOException {
        BufferedInputStream in = body instanceof BufferedInputStream b ? b : new BufferedInputStream(body, 64 * 1024);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (head.size() <= MAX_HEADER) {
            in.mark(1);
            int first = in.read();
            if (first < 0) {
                break;
            }
            if (first != '#') {
                in.reset();
                break;
            }
            head.write(first);
            int c;
            while ((c = in.read()) >= 0) {
                head.write(c);
                if (c == '\n' || head.size() > MAX_HEADER) {
                    break;
                }
            }
        }
        byte[] header = head.toByteArray();
        EcsvText text = header.length > MAX_HEADER ? null : plan(header, in);
        return text != null ? new Opened(text, null)
                : new Opened(null, new SequenceInputStream(new ByteArrayInputStream(header), in));
    }

    /** The text reader for this header, or null when a column is of a kind STIL must read. */
    private static EcsvText plan(byte[] header, InputStream rest) throws IOException {
        StringBuilder yaml = new StringBuilder();
        boolean started = false;
        for (String line : new String(header, StandardCharsets.UTF_8).split("\r?\n")) {
            String content = line.startsWith("# ") ? line.substring(2) : line.substring(1);
            if (!started) {
                started = content.strip().equals("---");
                continue;
            }
            yaml.append(content).append('\n');
        }
        Object parsed;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowDuplicateKeys(false);
            options.setCodePointLimit(MAX_HEADER);
            parsed = new Yaml(new SafeConstructor(options)).load(yaml.toString());
        } catch (YAMLException e) {
            return null; // STIL names what is wrong with it
        }
        if (!(parsed instanceof Map<?, ?> map) || !(map.get("datatype") instanceof List<?> columns) || columns.isEmpty()) {
            return null;
        }
        Object delimiterValue = map.get("delimiter");
        char delimiter = delimiterValue == null ? ' ' : delimiterValue.equals(",") ? ',' : delimiterValue.equals(" ")
                ? ' ' : 0;
        if (delimiter == 0) {
            return null;
        }
        List<String> names = new ArrayList<>();
        boolean[] floating = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            if (!(columns.get(i) instanceof Map<?, ?> column) || !(column.get("name") instanceof String name)
                    || !(column.get("datatype") instanceof String datatype) || !TEXT_KINDS.contains(datatype)
                    || column.containsKey("subtype")) {
                return null;
            }
            names.add(name);
            floating[i] = datatype.startsWith("float");
        }
        CsvRecords records = new CsvRecords(new InputStreamReader(rest, StandardCharsets.UTF_8), delimiter);
        String[] line = records.next();
        if (line == null) {
            throw new BadData("no_header", "the ECSV body has a header but no line naming its columns");
        }
        if (!Arrays.asList(line).equals(names)) {
            throw new BadData("bad_ecsv", "the ECSV's column line names " + Arrays.asList(line)
                    + " but its header describes " + names);
        }
        return new EcsvText(List.copyOf(names), floating, records);
    }

    /** The columns, as the header names them. */
    public List<String> names() {
        return names;
    }

    /** The next row's values (null for an empty field, and for nan in a floating-point column), or null at the end. */
    public String[] next() throws IOException {
        String[] record = records.next();
        if (record == null) {
            return null;
        }
        if (record.length != names.size()) {
            throw new BadData("field_count", "row " + (records.records() - 1) + " of the ECSV has " + record.length
                    + " fields; the header has " + names.size());
        }
        for (int i = 0; i < record.length; i++) {
            String v = record[i];
            if (v == null || v.isEmpty() || floating[i] && v.equalsIgnoreCase("nan")) {
                record[i] = null;
            }
        }
        return record;
    }
}
