package org.felicette.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 reader: fields between delimiters, quoted fields with doubled quotes, embedded
 * newlines in quotes, CRLF or LF line ends. An empty unquoted field is null (as PostgreSQL's
 * COPY reads CSV); a quoted empty field is the empty string.
 */
public final class CsvRecords {

    /** The longest field read: a value, not a file (a longer one would only fill the heap). */
    static final int MAX_FIELD = 16 * 1024 * 1024;

    private final Reader in;
    private final char delimiter;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long records;

    public CsvRecords(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** Records read so far (the header counts). */
    public long records() {
        return records;
    }

    /** The next record's fields, or null at the end of the input. */
    public String[] next() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    throw new BadData("record " + (records + 1) + " ends inside a quoted field (unterminated quote)");
                }
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        append(field, '"');
                    } else {
                        quoted = false;
                        c = after;
                        continue;
                    }
                } else {
                    append(field, c);
                }
            } else if (c == delimiter) {
                fields.add(wasQuoted || field.length() > 0 ? field.toString() : null);
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c < 0) {
                break;
            } else if (c == '\r') {
                int after = read();
                if (after != '\n' && after >= 0) {
                    position--; // a lone CR ends the record too
                }
                break;
            } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else {
                append(field, c);
            }
            c = read();
        }
        fields.add(wasQuoted || field.length() > 0 ? field.toString() : null);
        records++;
        return fields.toArray(String[]::new);
    }

    private void append(StringBuilder field, int c) throws BadData {
        if (field.length() >= MAX_FIELD) {
            throw new BadData("field_too_long", "a field of record " + (records + 1) + " is longer than " + MAX_FIELD
                    + " characters");
        }
        field.append((char) c);
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++];
    }
}
