package org.felicette.query;

import ca.nrc.cadc.tap.AdqlQuery;
import ca.nrc.cadc.tap.TapSelectItem;
import ca.nrc.cadc.tap.parser.BaseExpressionDeParser;
import ca.nrc.cadc.tap.parser.PgsphereDeParser;
import ca.nrc.cadc.tap.parser.converter.TableNameConverter;
import ca.nrc.cadc.tap.parser.converter.TableNameReferenceConverter;
import ca.nrc.cadc.tap.parser.converter.TopConverter;
import ca.nrc.cadc.tap.parser.converter.postgresql.PgFunctionNameConverter;
import ca.nrc.cadc.tap.parser.extractor.FunctionExpressionExtractor;
import ca.nrc.cadc.tap.parser.navigator.ExpressionNavigator;
import ca.nrc.cadc.tap.parser.navigator.FromItemNavigator;
import ca.nrc.cadc.tap.parser.navigator.ReferenceNavigator;
import ca.nrc.cadc.tap.parser.navigator.SelectNavigator;
import ca.nrc.cadc.tap.schema.ColumnDesc;
import ca.nrc.cadc.tap.schema.FunctionDesc;
import ca.nrc.cadc.tap.schema.SchemaDesc;
import ca.nrc.cadc.tap.schema.TableDesc;
import ca.nrc.cadc.tap.schema.TapDataType;
import ca.nrc.cadc.tap.schema.TapSchema;
import ca.nrc.cadc.uws.Job;
import ca.nrc.cadc.uws.Parameter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.util.deparser.SelectDeParser;
import org.felicette.FelicetteException;
import org.felicette.catalog.tables.UploadTables;
import org.felicette.ingest.FileColumn;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.TableDetail;
import org.felicette.tapschema.TapSchemaTable;

/**
 * ADQL into PostgreSQL's SQL with CADC's ADQL library (what YouCat runs): the query is parsed,
 * every table, column and function it names is checked against the caller's view (tables it may
 * not see do not exist for it), {@code *} is expanded, {@code TOP} becomes {@code LIMIT}, ADQL's
 * functions take PostgreSQL's names, and the TAP_SCHEMA tables become the caller's views of them.
 * Geometry goes to pg_sphere where the database has it; without it, the cone search still works
 * ({@link ConeSearch}) and other geometry is refused by name.
 */
public final class AdqlTranslator {

    /** The ADQL functions a query may call (ADQL 2.0 §2.3, as CADC's TAP services list them). */
    private static final List<FunctionDesc> FUNCTIONS = List.of(
            new FunctionDesc("ABS", TapDataType.FUNCTION_ARG), new FunctionDesc("ACOS", TapDataType.DOUBLE),
            new FunctionDesc("ASIN", TapDataType.DOUBLE), new FunctionDesc("ATAN", TapDataType.DOUBLE),
            new FunctionDesc("ATAN2", TapDataType.DOUBLE), new FunctionDesc("CEILING", TapDataType.FUNCTION_ARG),
            new FunctionDesc("COS", TapDataType.DOUBLE), new FunctionDesc("COT", TapDataType.DOUBLE),
            new FunctionDesc("DEGREES", TapDataType.DOUBLE), new FunctionDesc("EXP", TapDataType.DOUBLE),
            new FunctionDesc("FLOOR", TapDataType.FUNCTION_ARG), new FunctionDesc("LN", TapDataType.DOUBLE),
            new FunctionDesc("LOG", TapDataType.DOUBLE), new FunctionDesc("LOG10", TapDataType.DOUBLE),
            new FunctionDesc("MOD", TapDataType.FUNCTION_ARG), new FunctionDesc("PI", TapDataType.DOUBLE),
            new FunctionDesc("POWER", TapDataType.FUNCTION_ARG), new FunctionDesc("RADIANS", TapDataType.DOUBLE),
            new FunctionDesc("RAND", TapDataType.DOUBLE), new FunctionDesc("ROUND", TapDataType.FUNCTION_ARG),
            new FunctionDesc("SIN", TapDataType.DOUBLE), new FunctionDesc("SQRT", TapDataType.FUNCTION_ARG),
            new FunctionDesc("TAN", TapDataType.DOUBLE), new FunctionDesc("TRUNCATE", TapDataType.FUNCTION_ARG),
            new FunctionDesc("AVG", TapDataType.DOUBLE), new FunctionDesc("COUNT", TapDataType.LONG),
            new FunctionDesc("MAX", TapDataType.FUNCTION_ARG), new FunctionDesc("MIN", TapDataType.FUNCTION_ARG),
            new FunctionDesc("SUM", TapDataType.FUNCTION_ARG), new FunctionDesc("LOWER", TapDataType.STRING),
            new FunctionDesc("UPPER", TapDataType.STRING));

    /** ADQL's geometry functions: translated for pg_sphere, refused without it. */
    private static final List<FunctionDesc> GEOMETRY = List.of(
            new FunctionDesc("AREA", TapDataType.DOUBLE, "deg**2"), new FunctionDesc("BOX", TapDataType.POLYGON),
            new FunctionDesc("CENTROID", TapDataType.POINT), new FunctionDesc("CIRCLE", TapDataType.CIRCLE),
            new FunctionDesc("CONTAINS", TapDataType.INTEGER), new FunctionDesc("COORD1", TapDataType.DOUBLE, "deg"),
            new FunctionDesc("COORD2", TapDataType.DOUBLE, "deg"),
            new FunctionDesc("COORDSYS", new TapDataType("char", "16*", null)),
            new FunctionDesc("DISTANCE", TapDataType.DOUBLE, "deg"),
            new FunctionDesc("INTERSECTS", TapDataType.INTEGER), new FunctionDesc("POINT", TapDataType.POINT),
            new FunctionDesc("POLYGON", TapDataType.POLYGON));

    private final boolean pgSphere;

    /** ADQL's geometry functions translated with pg_sphere (CADC's converter, and DISTANCE). */
    private static final List<String> PG_SPHERE_GEOMETRY = List.of("POINT", "CIRCLE", "BOX", "POLYGON", "CONTAINS",
            "INTERSECTS", "DISTANCE", "CENTROID", "COORD1", "COORD2", "COORDSYS");
    /** Without pg_sphere: the cone search ({@link ConeSearch}). */
    private static final List<String> CONE_GEOMETRY = List.of("POINT", "CIRCLE", "CONTAINS", "DISTANCE");

    /** The geometry functions queries may use here, for TAPRegExt's language features. */
    public List<String> geometry() {
        return pgSphere ? PG_SPHERE_GEOMETRY : CONE_GEOMETRY;
    }

    /** @param pgSphere whether the database has pg_sphere (geometry is translated for it) */
    public AdqlTranslator(boolean pgSphere) {
        this.pgSphere = pgSphere;
    }

    /**
     * A query translated: its SQL, the columns of its result (with the metadata of the columns
     * they come from), and the TAP_SCHEMA tables it reads (each of which the SQL names by
     * {@link TapSchemaTable#viewName}, for the runner to define as the caller's view of it).
     */
    public record Translated(String sql, List<FileColumn> columns, Set<TapSchemaTable> tapSchemaTables) {
    }

    /**
     * @param tables every table the caller may see, with its columns (TAP_SCHEMA's own among them)
     * @param rowLimit the most rows the SQL may return (TOP is lowered to it, or added)
     */
    public Translated translate(String adql, List<TableDetail> tables, long rowLimit) {
        return translate(adql, tables, List.of(), rowLimit);
    }

    /**
     * @param uploads the query's UPLOAD tables: {@code TAP_UPLOAD.name} in the query, their own
     *     tables in the SQL, their columns by the names the upload gave them
     */
    public Translated translate(String adql, List<TableDetail> tables, List<UploadTables.Upload> uploads,
            long rowLimit) {
        if (adql == null || adql.isBlank()) {
            throw FelicetteException.badInput("bad_query", "QUERY is missing: send an ADQL query, e.g. QUERY=SELECT "
                    + "TOP 10 * FROM tap_schema.tables");
        }
        checkSize(adql);
        Job job = new Job();
        job.getParameterList().add(new Parameter("QUERY", adql));
        Query query = new Query(pgSphere, uploads);
        query.setJob(job);
        query.setTapSchema(schema(tables, uploads));
        query.setMaxRowCount((int) Math.min(Integer.MAX_VALUE, rowLimit));
        String sql;
        List<TapSelectItem> items;
        try {
            sql = query.getSQL();
            items = query.getSelectList();
            if (pgSphere) {
                sql = pointInCircle(sql);
            }
        } catch (FelicetteException e) {
            throw e;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw refusal(e.getMessage());
        } catch (StackOverflowError e) {
            throw FelicetteException.badInput("query_too_deep", "the query nests too deeply to be read; write it "
                    + "with fewer levels of parentheses or subqueries");
        } catch (RuntimeException e) {
            // the library's own failures (a construct it cannot translate) name no SQL: said as a refusal
            throw refusal(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        List<FileColumn> columns = new ArrayList<>();
        for (TapSelectItem item : items) {
            TapDataType type = item.getDatatype();
            columns.add(new FileColumn(item.getName(), type == null ? "char" : type.getDatatype(),
                    type == null ? "*" : type.arraysize, type == null ? null : type.xtype, item.unit, item.ucd,
                    item.utype, item.description));
        }
        Set<TapSchemaTable> read = EnumSet.noneOf(TapSchemaTable.class);
        for (TapSchemaTable t : TapSchemaTable.values()) {
            if (sql.contains(t.viewName())) {
                read.add(t);
            }
        }
        return new Translated(sql, columns, read);
    }

    private static final String CAST_POINT = "cast\\((spoint\\((?:[^()]|\\([^()]*\\))*\\)) as scircle\\)";
    private static final Pattern POINT_AS_CIRCLE = Pattern.compile(CAST_POINT + " (!?<@) scircle\\(");
    private static final Pattern POINTS_AS_CIRCLES = Pattern.compile(CAST_POINT + " <-> " + CAST_POINT);

    /**
     * A point in a circle as pg_sphere's point-in-circle test, not circle-in-circle (what CADC's
     * deparser writes, casting the point to a circle): the same rows, and a GiST index on the
     * point (a long-lat index of {@code /table-update}) serves it.
     */
    static String pointInCircle(String sql) {
        String points = POINTS_AS_CIRCLES.matcher(sql).replaceAll("$1 <-> $2"); // DISTANCE of two points
        return POINT_AS_CIRCLE.matcher(points).replaceAll("$1 $2 scircle(");
    }

    /** The schema of a query's UPLOAD tables (TAP 1.1 §2.5.2). */
    static final String UPLOAD_SCHEMA = "TAP_UPLOAD";

    /** The longest query read, and the deepest nesting of parentheses in it. */
    static final int MAX_LENGTH = 256 * 1024;
    static final int MAX_DEPTH = 200;

    /** Refuses, before the parser sees it, a query too long or nested too deeply to read safely. */
    private static void checkSize(String adql) {
        if (adql.length() > MAX_LENGTH) {
            throw FelicetteException.badInput("query_too_long", "the query is " + adql.length() + " characters "
                    + "long; at most " + MAX_LENGTH + " are read");
        }
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < adql.length(); i++) {
            char c = adql.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(' && ++depth > MAX_DEPTH) {
                throw FelicetteException.badInput("query_too_deep", "the query nests parentheses more than "
                        + MAX_DEPTH + " deep (at character " + (i + 1) + "); write it with fewer levels");
            } else if (!quoted && c == ')') {
                depth--;
            }
        }
    }

    private static TapSchema schema(List<TableDetail> tables, List<UploadTables.Upload> uploads) {
        TapSchema schema = new TapSchema();
        Map<String, SchemaDesc> schemas = new LinkedHashMap<>();
        for (TableDetail detail : tables) {
            SchemaDesc s = schemas.computeIfAbsent(detail.table().schemaName(), SchemaDesc::new);
            TableDesc t = new TableDesc(detail.table().schemaName(), detail.table().name());
            t.description = detail.table().description();
            t.utype = detail.table().utype();
            for (ColumnInfo c : detail.columns()) {
                ColumnDesc column = new ColumnDesc(t.getTableName(), c.name(), new TapDataType(c.datatype(),
                        c.arraysize(), c.xtype()));
                column.description = c.description();
                column.unit = c.unit();
                column.ucd = c.ucd();
                column.utype = c.utype();
                column.principal = c.principal();
                column.std = c.std();
                column.indexed = c.indexed();
                t.getColumnDescs().add(column);
            }
            s.getTableDescs().add(t);
        }
        if (!uploads.isEmpty()) {
            SchemaDesc uploaded = new SchemaDesc(UPLOAD_SCHEMA);
            for (UploadTables.Upload upload : uploads) {
                TableDesc t = new TableDesc(UPLOAD_SCHEMA, UPLOAD_SCHEMA + "." + upload.name());
                t.description = "the query's UPLOAD table " + upload.name();
                for (UploadTables.Column c : upload.columns()) {
                    ColumnDesc column = new ColumnDesc(t.getTableName(), c.physical(), new TapDataType(c.datatype(),
                            c.arraysize(), c.xtype()));
                    column.unit = c.unit(); // what the uploaded file said of its column, in the answer's FIELD
                    column.ucd = c.ucd();
                    column.description = c.description();
                    t.getColumnDescs().add(column);
                }
                uploaded.getTableDescs().add(t);
            }
            schemas.put(UPLOAD_SCHEMA, uploaded);
        }
        schema.getSchemaDescs().addAll(schemas.values());
        schema.getFunctionDescs().addAll(FUNCTIONS);
        schema.getFunctionDescs().addAll(GEOMETRY);
        return schema;
    }

    private static final Pattern NO_TABLE = Pattern.compile("Table \\[ ?(.*?) ?\\] is not found in TapSchema.*",
            Pattern.DOTALL);
    private static final Pattern NO_COLUMN = Pattern.compile(".*Column: \\[(.*?)\\] does not exist.*", Pattern.DOTALL);
    private static final Pattern NO_FUNCTION = Pattern.compile("Function \\[(.*?)\\] is not found in TapSchema.*",
            Pattern.DOTALL);
    private static final Pattern SYNTAX = Pattern.compile(
            "ADQL syntax error: Encountered (.*?) at line ([0-9]+), column ([0-9]+)\\..*", Pattern.DOTALL);

    /** The library's message as one a person can act on: what is wrong, and where. */
    static FelicetteException refusal(String message) {
        String m = message == null ? "" : message.strip();
        Matcher match;
        String said;
        if ((match = NO_TABLE.matcher(m)).matches()) {
            said = "no table '" + match.group(1) + "': it does not exist, or you may not see it (GET /tables lists "
                    + "those you may query)";
        } else if ((match = NO_COLUMN.matcher(m)).matches()) {
            said = "no column '" + match.group(1) + "' in the tables the query names";
        } else if ((match = NO_FUNCTION.matcher(m)).matches()) {
            said = "'" + match.group(1) + "' is not an ADQL function this service offers";
        } else if ((match = SYNTAX.matcher(m)).matches()) {
            String token = match.group(1).replaceAll("^\" *\"?|\"? *\"$", "").replaceAll("\\s+", " ").strip();
            said = "ADQL syntax error at line " + match.group(2) + ", column " + match.group(3) + ": unexpected "
                    + token;
            return new FelicetteException(FelicetteException.Kind.BAD_INPUT, "bad_query", said,
                    Map.of("line", Integer.parseInt(match.group(2)), "column", Integer.parseInt(match.group(3))));
        } else {
            said = m.lines().findFirst().orElse("the query cannot be translated");
        }
        return FelicetteException.badInput("bad_query", said);
    }

    /** CADC's ADQL query with YouCat's navigators, minus what needs pg_sphere when the database lacks it. */
    private static final class Query extends AdqlQuery {
        private final boolean pgSphere;
        private final List<UploadTables.Upload> uploads;

        Query(boolean pgSphere, List<UploadTables.Upload> uploads) {
            this.pgSphere = pgSphere;
            this.uploads = uploads;
        }

        @Override
        protected void init() {
            super.init();
            navigatorList.add(new TopConverter(new ExpressionNavigator(), new ReferenceNavigator(),
                    new FromItemNavigator()));
            navigatorList.add(pgSphere ? new PgSphereGeometry() : new ConeSearch());
            navigatorList.add(new FunctionExpressionExtractor(new PgFunctionNameConverter(), new ReferenceNavigator(),
                    new FromItemNavigator()));
            TableNameConverter names = new TableNameConverter(true);
            for (TapSchemaTable t : TapSchemaTable.values()) {
                names.put("tap_schema." + t.name().toLowerCase(Locale.ROOT), t.viewName());
            }
            for (UploadTables.Upload upload : uploads) {
                names.put(UPLOAD_SCHEMA + "." + upload.name(), upload.table());
            }
            navigatorList.add(new SelectNavigator(new ExpressionNavigator(),
                    new TableNameReferenceConverter(names.map), names));
        }

        @Override
        protected BaseExpressionDeParser getExpressionDeparser(SelectDeParser dep, StringBuffer sb) {
            return pgSphere ? new PgsphereDeParser(dep, sb) : new BaseExpressionDeParser(dep, sb);
        }
    }
}
