package org.felicette.ingest;

import java.io.IOException;
import java.util.List;

/** Receives a table as a reader streams it: its column names once, then each row's values. */
public interface RowHandler {

    /** The file's columns with their types, in file order, before {@link #columns}, where the file gives types. */
    default void types(List<FileColumn> columns) throws IOException {
    }

    /** The file's columns, in file order, named as the file names them. */
    void columns(List<String> names) throws IOException;

    /**
     * One row, its values in the order of {@link #columns}: Java objects as STIL reads them
     * (Number, Boolean, String, primitive arrays) or, from CSV, strings; null for a null value.
     */
    void row(Object[] values) throws IOException;
}
