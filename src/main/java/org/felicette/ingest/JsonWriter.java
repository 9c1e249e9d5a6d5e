package org.felicette.ingest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * JSON: {@code metadata} (each column's name, datatype, arraysize, xtype, unit, UCD, utype and
 * description), then {@code data} (one array a row: numbers as numbers, NaN and infinities as
 * null, text and date-times as strings), then {@code query_status} ({@code OK} or {@code OVERFLOW}).
 */
final class JsonWriter implements TableWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private final JsonGenerator out;
    private int columns;

    JsonWriter(OutputStream out) {
        try {
            this.out = JSON.createGenerator(out, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void start(List<FileColumn> fields) throws IOException {
        columns = fields.size();
        out.writeStartObject();
        out.writeArrayFieldStart("metadata");
        for (FileColumn c : fields) {
            out.writeStartObject();
            out.writeStringField("name", c.name());
            out.writeStringField("datatype", c.datatype());
            field("arraysize", c.arraysize());
            field("xtype", c.xtype());
            field("unit", c.unit());
            field("ucd", c.ucd());
            field("utype", c.utype());
            field("description", c.description());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeArrayFieldStart("data");
    }

    private void field(String name, String value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value);
        }
    }

    @Override
    public void row(Object[] values) throws IOException {
        out.writeStartArray();
        for (int i = 0; i < columns; i++) {
            value(values[i]);
        }
        out.writeEndArray();
    }

    private void value(Object v) throws IOException {
        if (v == null) {
            out.writeNull();
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                out.writeNull();
            } else {
                out.writeNumber(d);
            }
        } else if (v instanceof Float f) {
            if (f.isNaN() || f.isInfinite()) {
                out.writeNull();
            } else {
                out.writeNumber(f);
            }
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigDecimal b) {
            out.writeNumber(b);
        } else if (v instanceof BigInteger b) {
            out.writeNumber(b);
        } else if (v instanceof Number n) { // a number as its database wrote it
            String text = n.toString();
            if (text.equals("NaN") || text.endsWith("Inf") || text.endsWith("Infinity")) {
                out.writeNull();
            } else {
                out.writeNumber(text);
            }
        } else if (v instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (v.getClass().isArray() && !(v instanceof byte[])) {
            out.writeStartArray();
            for (int i = 0; i < Array.getLength(v); i++) {
                value(Array.get(v, i));
            }
            out.writeEndArray();
        } else {
            out.writeString(ValueText.of(v, "true", "false"));
        }
    }

    @Override
    public void end(boolean overflow) throws IOException {
        out.writeEndArray();
        out.writeStringField("query_status", overflow ? "OVERFLOW" : "OK");
        out.writeEndObject();
        out.flush();
    }
}
