package org.felicette.ingest;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The formats a query's result is written in, by the names TAP's RESPONSEFORMAT (and TAP 1.0's
 * FORMAT) give them: their media types and short names.
 */
public enum ResultFormat {
    VOTABLE("application/x-votable+xml", List.of("votable", "application/x-votable+xml", "text/xml",
            "application/xml", "votable/td", "application/x-votable+xml;serialization=tabledata")),
    VOTABLE_BINARY2("application/x-votable+xml;serialization=BINARY2", List.of(
            "application/x-votable+xml;serialization=binary2", "votable/b2", "binary2")),
    CSV("text/csv;header=present", List.of("csv", "text/csv", "text/csv;header=present")),
    TSV("text/tab-separated-values", List.of("tsv", "text/tab-separated-values")),
    JSON("application/json", List.of("json", "application/json")),
    FITS("application/fits", List.of("fits", "application/fits")),
    PARQUET("application/vnd.apache.parquet", List.of("parquet", "application/vnd.apache.parquet",
            "application/x-parquet", "votable/parquet")),
    SQLITE("application/vnd.sqlite3", List.of("sqlite", "sqlite3", "application/vnd.sqlite3",
            "application/x-sqlite3"));

    private final String mediaType;
    private final List<String> names;

    ResultFormat(String mediaType, List<String> names) {
        this.mediaType = mediaType;
        this.names = names;
    }

    /** The media type TAPRegExt lists the format under. */
    public String mediaType() {
        return mediaType;
    }

    /**
     * The Content-Type an answer in this format is sent with: the media type, and for TABLEDATA its
     * serialization spelled out, as YouCat answers and its clients check.
     */
    public String contentType() {
        return this == VOTABLE ? mediaType + ";serialization=tabledata" : mediaType;
    }

    /** The names a client may ask for this format by (its media type first, then its short names). */
    public List<String> names() {
        return names;
    }

    /** The writer of this format over a stream (buffered; {@link TableWriter#end} flushes it). */
    public TableWriter writer(OutputStream out) {
        return switch (this) {
            case VOTABLE -> new VotableWriter(out, false);
            case VOTABLE_BINARY2 -> new VotableWriter(out, true);
            case CSV -> new DelimitedWriter(out, ',');
            case TSV -> new DelimitedWriter(out, '\t');
            case JSON -> new JsonWriter(out);
            case FITS -> new FitsWriter(out);
            case PARQUET -> new ParquetWriter(out);
            case SQLITE -> new SqliteWriter(out);
        };
    }

    /** The format a RESPONSEFORMAT value names (without case; spaces around ';' ignored), if any. */
    public static Optional<ResultFormat> named(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of(VOTABLE);
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT).replaceAll("\\s*;\\s*", ";");
        return Arrays.stream(values()).filter(f -> f.names.contains(wanted)).findFirst();
    }

    /** A VOTable saying why a query failed (TAP's QUERY_STATUS ERROR with the message). */
    public static String errorVotable(String message) {
        return VotableWriter.error(message);
    }

    /** Every name a client may ask for, for a 400's list and the capabilities. */
    public static List<String> allNames() {
        return Arrays.stream(values()).flatMap(f -> f.names.stream()).toList();
    }
}
