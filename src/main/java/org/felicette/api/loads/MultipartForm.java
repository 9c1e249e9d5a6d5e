package org.felicette.api.loads;

import jakarta.ws.rs.core.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.FelicetteException.Kind;
import org.felicette.ingest.CountingInput;
import org.felicette.ingest.LimitExceeded;
import org.felicette.ingest.Spool;
import org.felicette.uploads.Uploads;

/**
 * A {@code multipart/form-data} request as TAP and {@code /uploads} send it: its fields (names
 * without case) and its table parts, each spooled to a file within the upload limit. Closing it
 * deletes the files, on every path.
 */
public final class MultipartForm implements AutoCloseable {

    /** The longest form field read (an ADQL query fits; a table is sent as a file part). */
    static final int MAX_FIELD = 256 * 1024;

    private final Map<String, List<String>> fields = new LinkedHashMap<>();
    private final Map<String, List<String>> written = new LinkedHashMap<>();
    private final Map<String, Uploads.Part> parts = new LinkedHashMap<>();

    private MultipartForm() {
    }

    /** Reads the whole body: fields into memory, tables into the uploads' spool. */
    public static MultipartForm read(InputStream body, HttpHeaders headers, Uploads uploads) throws IOException {
        MultipartForm form = new MultipartForm();
        MultipartReader reader = new MultipartReader(body, headers.getHeaderString(HttpHeaders.CONTENT_TYPE));
        long limit = uploads.config().maxBytesPerTable();
        Files.createDirectories(uploads.spool());
        try {
            MultipartReader.Part part;
            while ((part = reader.next()) != null) {
                if (part.filename() == null && !looksLikeTable(part.contentType())) {
                    String value = field(part);
                    form.fields.computeIfAbsent(part.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
                    form.written.computeIfAbsent(part.name(), k -> new ArrayList<>()).add(value);
                    continue;
                }
                if (form.parts.size() >= uploads.config().maxTablesPerRequest()) {
                    throw new FelicetteException(Kind.TOO_LARGE, "too_many_tables", "the request carries more than "
                            + uploads.config().maxTablesPerRequest() + " tables", Map.of());
                }
                Path file = Spool.keep(part.content(), uploads.spool(), "part", new Spool.Limit(limit,
                        "upload_too_large", "the upload limit of " + limit + " bytes"), "part '" + part.name() + "': ",
                        "nothing was uploaded");
                Uploads.Part replaced = form.parts.put(part.name(), new Uploads.Part(file, part.contentType()));
                if (replaced != null) { // a part name given twice: the last one counts, the first is not kept
                    Files.deleteIfExists(replaced.file());
                }
            }
            return form;
        } catch (IOException | RuntimeException e) {
            form.close();
            throw e;
        }
    }

    /** The fields, by lower-case name, each with every value given. */
    public Map<String, List<String>> fields() {
        return fields;
    }

    /** The fields by their names as the client wrote them (TAP's capitals tell its parameters apart). */
    public Map<String, List<String>> fieldsAsWritten() {
        return written;
    }

    /** The table parts by their part names (what {@code UPLOAD=name,param:part} names). */
    public Map<String, Uploads.Part> parts() {
        return parts;
    }

    @Override
    public void close() throws IOException {
        for (Uploads.Part p : parts.values()) {
            Files.deleteIfExists(p.file());
        }
    }

    private static boolean looksLikeTable(String contentType) {
        return contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("text/plain");
    }

    private static String field(MultipartReader.Part part) throws IOException {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        try (InputStream in = new CountingInput(part.content(), MAX_FIELD, "field_too_large",
                "the limit of " + MAX_FIELD + " bytes for a form field")) {
            in.transferTo(value);
        } catch (LimitExceeded e) {
            throw FelicetteException.badInput("field_too_large", "form field '" + part.name() + "' is longer than "
                    + MAX_FIELD + " bytes; send a table as a file part");
        }
        return value.toString(StandardCharsets.UTF_8);
    }
}
