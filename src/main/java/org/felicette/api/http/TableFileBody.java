package org.felicette.api.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method's body as a table file (CSV, TSV, FITS, VOTable, ECSV or Parquet, as
 * {@code LoadFormat} knows them): the OpenAPI description lists its media types from there.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface TableFileBody {
}
