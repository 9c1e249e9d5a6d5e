package org.felicette.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The table formats a load accepts, by the media types clients send them as. */
public enum LoadFormat {
    CSV("csv", List.of("text/csv")),
    TSV("tsv", List.of("text/tab-separated-values")),
    FITS("FITS", List.of("application/fits")),
    VOTABLE("VOTable", List.of("application/x-votable+xml")),
    ECSV("ECSV", List.of("text/x-ecsv", "application/x-ecsv")),
    PARQUET("Parquet", List.of("application/vnd.apache.parquet", "application/x-parquet"));

    private final String label;
    private final List<String> mediaTypes;

    LoadFormat(String label, List<String> mediaTypes) {
        this.label = label;
        this.mediaTypes = mediaTypes;
    }

    public String label() {
        return label;
    }

    public List<String> mediaTypes() {
        return mediaTypes;
    }

    /** The reader of this format: the one place that knows how its files look. */
    public TableReader reader() {
        return switch (this) {
            case CSV -> DelimitedReader.CSV;
            case TSV -> DelimitedReader.TSV;
            case FITS -> FitsReader.INSTANCE;
            case VOTABLE -> VotableReader.INSTANCE;
            case ECSV -> EcsvReader.INSTANCE;
            case PARQUET -> ParquetReader.INSTANCE;
        };
    }

    /** The field delimiter of a delimited text format (CSV's comma, TSV's tab). */
    public char delimiter() {
        if (reader() instanceof DelimitedReader delimited) {
            return delimited.delimiter();
        }
        throw new IllegalStateException(label + " is not delimited text");
    }

    /** The format of a media type ({@code type/subtype}, parameters left out), if it is one. */
    public static Optional<LoadFormat> of(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String bare = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        for (LoadFormat format : values()) {
            if (format.mediaTypes.contains(bare)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The format of a label ({@code csv}, {@code FITS}, ...). */
    public static LoadFormat byLabel(String label) {
        for (LoadFormat format : values()) {
            if (format.label.equalsIgnoreCase(label)) {
                return format;
            }
        }
        throw new IllegalArgumentException("no load format " + label);
    }

    /** Every media type a load accepts, for a 415's list. */
    public static List<String> accepted() {
        return java.util.Arrays.stream(values()).flatMap(f -> f.mediaTypes.stream()).toList();
    }
}
