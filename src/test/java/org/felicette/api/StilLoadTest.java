package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.ac.starlink.ecsv.EcsvTableWriter;
import uk.ac.starlink.fits.FitsTableWriter;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowListStarTable;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StarTableWriter;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOTableVersion;
import uk.ac.starlink.votable.VOTableWriter;

/**
 * Loads of FITS, VOTable (TABLEDATA, BINARY, BINARY2) and ECSV files, generated here with STIL's
 * writers, read back value by value; and the bodies a load refuses.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StilLoadTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);

    static final String[][] COLUMNS = {{"id", "long"}, {"ra", "double"}, {"mag", "float"}, {"small", "short"},
        {"count", "int"}, {"flag", "boolean"}, {"name", "unicodeChar", "*"}, {"seen", "char", "*", "timestamp"},
        {"pos", "double", "2", "point"}, {"flux", "float", "3"}};

    @BeforeAll
    static void start() {
        // the table definitions are made per test
    }

    static void create(String name) {
        Response r = TestApp.as("alice", TestApp.target(APP, "tables/" + name))
                .put(Entity.entity(LoadTest.table(name, COLUMNS), "text/xml"));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
    }

    /** Three rows: ordinary values, the extremes, and nulls (NaN where a float has no null). */
    static StarTable stars() {
        ColumnInfo seen = new ColumnInfo("seen", String.class, "when");
        seen.setXtype("timestamp");
        ColumnInfo pos = new ColumnInfo("pos", double[].class, "position");
        pos.setShape(new int[] {2});
        pos.setXtype("point");
        ColumnInfo flux = new ColumnInfo("flux", float[].class, "fluxes");
        flux.setShape(new int[] {3});
        ColumnInfo[] infos = {new ColumnInfo("ID", Long.class, "id"), new ColumnInfo("ra", Double.class, "ra"),
            new ColumnInfo("mag", Float.class, "mag"), new ColumnInfo("small", Short.class, "small"),
            new ColumnInfo("count", Integer.class, "count"), new ColumnInfo("flag", Boolean.class, "flag"),
            new ColumnInfo("name", String.class, "name"), seen, pos, flux};
        RowListStarTable table = new RowListStarTable(infos);
        table.addRow(new Object[] {1L, 10.5, 1.25f, (short) 7, 42, true, "Ünïcødé ✓ tab\there", "2024-01-31T12:00:00",
            new double[] {10.5, -20.25}, new float[] {1f, 2f, 3f}});
        // (a writer takes the smallest value of a nullable integer column as its null: the extremes here avoid it)
        table.addRow(new Object[] {Long.MAX_VALUE, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, (short) -32767,
            Integer.MAX_VALUE, false, "x".repeat(5000), "2024-02-29T23:59:59.5", new double[] {0, 90},
            new float[] {Float.NaN, 0f, -1f}});
        table.addRow(new Object[] {Long.MIN_VALUE + 1, Double.NaN, Float.NaN, null, null, null, null, null, null, null});
        return table;
    }

    static byte[] write(StarTable table, StarTableWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeStarTable(table, out);
        return out.toByteArray();
    }

    static byte[] file(String format) throws IOException {
        return switch (format) {
            case "fits" -> write(stars(), new FitsTableWriter());
            case "tabledata" -> write(stars(), new VOTableWriter(DataFormat.TABLEDATA, true, VOTableVersion.V14));
            case "binary" -> write(stars(), new VOTableWriter(DataFormat.BINARY, true, VOTableVersion.V14));
            case "binary2" -> write(stars(), new VOTableWriter(DataFormat.BINARY2, true, VOTableVersion.V14));
            case "ecsv" -> write(stars(), new EcsvTableWriter());
            default -> throw new IllegalArgumentException(format);
        };
    }

    static String type(String format) {
        return switch (format) {
            case "fits" -> "application/fits";
            case "ecsv" -> "text/x-ecsv";
            default -> "application/x-votable+xml";
        };
    }

    static Response post(String table, byte[] body, String type) {
        return TestApp.as("alice", TestApp.target(APP, "load/" + table)).post(Entity.entity(body, type));
    }

    static List<Map<String, Object>> rows(String table) {
        return JDBI.withHandle(h -> h.createQuery("SELECT id, ra, mag, small, count, flag, name, seen::text AS seen, "
                + "pos::text AS pos, flux::text AS flux FROM " + table + " ORDER BY id DESC").mapToMap().list());
    }

    static long count(String table) {
        return JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fits", "tabledata", "binary", "binary2", "ecsv"})
    void everyValueRoundTrips(String format) throws IOException {
        String table = "user_alice.rt_" + format;
        create(table);
        Response r = post(table, file(format), type(format));
        assertThat(r.readEntity(String.class)).isEqualTo("Inserted 3 rows to table " + table + "\n");
        // counted for the statistics after its first load, whatever its format: "My tables" shows its rows
        Map<?, ?> quota = TestApp.as("alice", TestApp.target(APP, "quota")).accept("application/json").get(Map.class);
        assertThat(((List<?>) quota.get("usage")).stream().map(u -> (Map<?, ?>) u)
                .filter(u -> table.equals(u.get("table"))).map(u -> (Object) u.get("rows")).toList()).containsExactly(3);
        List<Map<String, Object>> rows = rows(table);
        Map<String, Object> max = rows.get(0);
        Map<String, Object> one = rows.get(1);
        Map<String, Object> nulls = rows.get(2);
        assertThat(one.get("id")).isEqualTo(1L);
        assertThat(one.get("ra")).isEqualTo(10.5);
        assertThat(one.get("mag")).isEqualTo(1.25f);
        assertThat(one.get("small")).isEqualTo(7);
        assertThat(one.get("count")).isEqualTo(42);
        assertThat(one.get("flag")).isEqualTo(true);
        // FITS character columns hold ASCII only, and STIL's ECSV writer writes ASCII: both write '?'
        // for anything else (UTF-8 ECSV is read as such: see aUtf8EcsvFileKeepsItsText)
        assertThat(one.get("name")).isEqualTo(format.equals("fits") ? "?n?c?d? ? tab?here"
                : format.equals("ecsv") ? "?n?c?d? ? tab\there" : "Ünïcødé ✓ tab\there");
        assertThat(one.get("seen")).isEqualTo("2024-01-31 12:00:00");
        assertThat(one.get("pos")).isEqualTo("{10.5,-20.25}");
        assertThat(one.get("flux")).isEqualTo("{1,2,3}");
        assertThat(max.get("id")).isEqualTo(Long.MAX_VALUE);
        assertThat(max.get("ra")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(max.get("mag")).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(max.get("small")).isEqualTo(-32767);
        assertThat(max.get("count")).isEqualTo(Integer.MAX_VALUE);
        assertThat(max.get("flag")).isEqualTo(false);
        assertThat(max.get("name")).isEqualTo("x".repeat(5000));
        assertThat(max.get("seen")).isEqualTo("2024-02-29 23:59:59.5");
        assertThat(max.get("flux")).isEqualTo("{NaN,0,-1}");
        assertThat(nulls.get("id")).isEqualTo(Long.MIN_VALUE + 1);
        if (format.equals("fits")) {
            assertThat((Double) nulls.get("ra")).isNaN();
            assertThat((Float) nulls.get("mag")).isNaN();
        } else { // in VOTable (and as STIL writes ECSV), NaN is how a floating-point value is null
            assertThat(Arrays.asList(nulls.get("ra"), nulls.get("mag"))).containsOnlyNulls();
        }
        assertThat(Arrays.asList(nulls.get("small"), nulls.get("count"), nulls.get("seen"))).containsOnlyNulls();
        // VOTable BINARY has no null for a string: a missing one is written (and read) as empty
        assertThat(nulls.get("name")).isEqualTo(format.equals("binary") ? "" : null);
        if (!format.equals("fits")) { // FITS has no null for a logical or an array but reads them as blanks
            assertThat(nulls.get("flag")).isNull();
        }
    }

    /** The rows of {@link #stars()} without its array columns: every column a scalar, sent as binary COPY. */
    static StarTable scalars() {
        StarTable all = stars();
        ColumnInfo[] infos = new ColumnInfo[8];
        for (int i = 0; i < 8; i++) {
            infos[i] = all.getColumnInfo(i);
        }
        RowListStarTable table = new RowListStarTable(infos);
        try {
            for (long r = 0; r < all.getRowCount(); r++) {
                table.addRow(Arrays.copyOf(all.getRow(r), 8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return table;
    }

    @ParameterizedTest
    @ValueSource(strings = {"fits", "tabledata", "binary2", "ecsv"})
    void scalarColumnsRoundTripThroughBinaryCopy(String format) throws IOException {
        String table = "user_alice.bin_" + format;
        Response created = TestApp.as("alice", TestApp.target(APP, "tables/" + table))
                .put(Entity.entity(LoadTest.table(table, Arrays.copyOf(COLUMNS, 8)), "text/xml"));
        assertThat(created.getStatus()).isEqualTo(201);
        StarTable rows = scalars();
        byte[] file = switch (format) {
            case "fits" -> write(rows, new FitsTableWriter());
            case "tabledata" -> write(rows, new VOTableWriter(DataFormat.TABLEDATA, true, VOTableVersion.V14));
            case "binary2" -> write(rows, new VOTableWriter(DataFormat.BINARY2, true, VOTableVersion.V14));
            default -> write(rows, new EcsvTableWriter());
        };
        Response r = post(table, file, type(format));
        assertThat(r.readEntity(String.class)).isEqualTo("Inserted 3 rows to table " + table + "\n");
        List<Map<String, Object>> back = JDBI.withHandle(h -> h.createQuery("SELECT id, ra, mag, small, count, flag, "
                + "name, seen::text AS seen FROM " + table + " ORDER BY id DESC").mapToMap().list());
        Map<String, Object> max = back.get(0);
        assertThat(max).containsEntry("id", Long.MAX_VALUE).containsEntry("ra", Double.POSITIVE_INFINITY)
                .containsEntry("mag", Float.NEGATIVE_INFINITY).containsEntry("small", -32767)
                .containsEntry("count", Integer.MAX_VALUE).containsEntry("flag", false)
                .containsEntry("name", "x".repeat(5000)).containsEntry("seen", "2024-02-29 23:59:59.5");
        Map<String, Object> one = back.get(1);
        assertThat(one).containsEntry("id", 1L).containsEntry("ra", 10.5).containsEntry("mag", 1.25f)
                .containsEntry("small", 7).containsEntry("count", 42).containsEntry("flag", true)
                .containsEntry("seen", "2024-01-31 12:00:00");
        Map<String, Object> nulls = back.get(2);
        assertThat(nulls.get("id")).isEqualTo(Long.MIN_VALUE + 1);
        assertThat(Arrays.asList(nulls.get("small"), nulls.get("count"), nulls.get("seen"))).containsOnlyNulls();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fits", "tabledata", "binary2", "ecsv"})
    void fileColumnsWhoseNamesAreNotIdentifiersLoadIntoRenamedColumns(String format) throws IOException {
        String table = "user_alice.ren_" + format;
        Response created = TestApp.as("alice", TestApp.target(APP, "tables/" + table)).put(Entity.entity(
                LoadTest.table(table, new String[] {"id", "long"}, new String[] {"ra", "double"},
                        new String[] {"name", "unicodeChar", "*"}), "text/xml"));
        assertThat(created.getStatus()).isEqualTo(201);
        RowListStarTable t = new RowListStarTable(new ColumnInfo[] {new ColumnInfo("Obj ID", Long.class, null),
            new ColumnInfo("RA (J2000)", Double.class, null), new ColumnInfo("NAME", String.class, null)});
        t.addRow(new Object[] {1L, 10.5, "one"});
        t.addRow(new Object[] {2L, -0.25, "two"});
        byte[] file = switch (format) {
            case "fits" -> write(t, new FitsTableWriter());
            case "tabledata" -> write(t, new VOTableWriter(DataFormat.TABLEDATA, true, VOTableVersion.V14));
            case "binary2" -> write(t, new VOTableWriter(DataFormat.BINARY2, true, VOTableVersion.V14));
            default -> write(t, new EcsvTableWriter());
        };
        Response r = TestApp.as("alice", TestApp.target(APP, "load/" + table)
                .queryParam("rename", "obj id=id", "RA (J2000)=ra")).post(Entity.entity(file, type(format)));
        assertThat(r.readEntity(String.class)).isEqualTo("Inserted 2 rows to table " + table + "\n");
        List<Map<String, Object>> back = JDBI.withHandle(h -> h.createQuery("SELECT id, ra, name FROM " + table
                + " ORDER BY id").mapToMap().list());
        assertThat(back).containsExactly(Map.of("id", 1L, "ra", 10.5, "name", "one"),
                Map.of("id", 2L, "ra", -0.25, "name", "two"));
    }

    @Test
    void aNanInAFloatFileColumnIsNullInAnIntegerTableColumn() throws IOException {
        String table = "user_alice.nan1";
        create(table);
        RowListStarTable t = new RowListStarTable(new ColumnInfo[] {new ColumnInfo("id", Long.class, null),
            new ColumnInfo("count", Double.class, null)});
        t.addRow(new Object[] {1L, 3.0});
        t.addRow(new Object[] {2L, Double.NaN});
        Response r = post(table, write(t, new FitsTableWriter()), "application/fits");
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(200);
        List<Integer> counts = JDBI.withHandle(h -> h.createQuery("SELECT count FROM " + table + " ORDER BY id")
                .mapTo(Integer.class).list());
        assertThat(counts).containsExactly(3, null);
    }

    @Test
    void aValueThatDoesNotConvertNamesItsRowAndLoadsNothing() throws IOException {
        String table = "user_alice.conv1";
        create(table);
        RowListStarTable t = new RowListStarTable(new ColumnInfo[] {new ColumnInfo("id", Long.class, null),
            new ColumnInfo("seen", String.class, null)});
        t.addRow(new Object[] {1L, "2024-01-01"});
        t.addRow(new Object[] {2L, "yesterday-ish"});
        Response r = post(table, write(t, new VOTableWriter(DataFormat.BINARY2, true, VOTableVersion.V14)),
                "application/x-votable+xml");
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.readEntity(String.class)).startsWith("row 2, column 'seen': 'yesterday-ish' is not a timestamp");
        assertThat(count(table)).isZero();
    }

    @Test
    void aTruncatedFitsFileIsRefusedAndLoadsNothing() throws IOException {
        String table = "user_alice.trunc1";
        create(table);
        RowListStarTable t = new RowListStarTable(new ColumnInfo[] {new ColumnInfo("id", Long.class, null)});
        for (long i = 0; i < 2000; i++) {
            t.addRow(new Object[] {i});
        }
        byte[] fits = write(t, new FitsTableWriter());
        Response r = post(table, Arrays.copyOf(fits, fits.length - 4000), "application/fits");
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.readEntity(String.class)).contains("truncated");
        assertThat(count(table)).isZero();
        Response notFits = post(table, "SIMPLE? no".getBytes(StandardCharsets.US_ASCII), "application/fits");
        assertThat(notFits.getStatus()).isEqualTo(415);
        assertThat(notFits.readEntity(String.class)).contains("it was sent as application/fits, but the body looks like "
                + "plain text");
    }

    static final String HEAD = "<?xml version=\"1.0\"?>\n";
    static final String VOTABLE = "<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE>"
            + "<TABLE><FIELD name=\"id\" datatype=\"long\"/><DATA>%s</DATA></TABLE></RESOURCE></VOTABLE>";

    @Test
    void votablesThatAreMalformedDeclareADtdOrPointElsewhereAreRefused() {
        String table = "user_alice.xml1";
        create(table);
        String rows = "<TABLEDATA><TR><TD>1</TD></TR></TABLEDATA>";
        Response ok = post(table, (HEAD + VOTABLE.formatted(rows)).getBytes(StandardCharsets.UTF_8),
                "application/x-votable+xml");
        assertThat(ok.readEntity(String.class)).isEqualTo("Inserted 1 rows to table " + table + "\n");
        Response dtd = post(table, (HEAD + "<!DOCTYPE VOTABLE [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + VOTABLE.formatted("<TABLEDATA><TR><TD>&x;</TD></TR></TABLEDATA>")).getBytes(StandardCharsets.UTF_8),
                "application/x-votable+xml");
        assertThat(dtd.getStatus()).isEqualTo(400);
        assertThat(dtd.readEntity(String.class)).contains("document type declaration");
        Response href = post(table, (HEAD + VOTABLE.formatted("<BINARY2><STREAM href=\"file:///etc/passwd\"/></BINARY2>"))
                .getBytes(StandardCharsets.UTF_8), "application/x-votable+xml");
        assertThat(href.getStatus()).isEqualTo(400);
        assertThat(href.readEntity(String.class)).contains("points elsewhere");
        Response broken = post(table, (HEAD + VOTABLE.formatted(rows)).substring(0, 150).getBytes(StandardCharsets.UTF_8),
                "application/x-votable+xml");
        assertThat(broken.getStatus()).isEqualTo(400);
        Response noTable = post(table, (HEAD + "<VOTABLE version=\"1.4\"><RESOURCE/></VOTABLE>")
                .getBytes(StandardCharsets.UTF_8), "application/x-votable+xml");
        assertThat(noTable.getStatus()).isEqualTo(400);
        assertThat(noTable.readEntity(String.class)).contains("no TABLE");
        assertThat(count(table)).isEqualTo(1);
    }

    @Test
    void aPutOfAVotableWithRowsCreatesTheTableAndLoadsItsRowsInOneTransaction() throws IOException {
        byte[] votable = write(stars(), new VOTableWriter(DataFormat.BINARY2, true, VOTableVersion.V14));
        Response r = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.put1"))
                .put(Entity.entity(votable, "application/x-votable+xml"));
        assertThat(r.getStatus()).isEqualTo(201);
        assertThat(r.readEntity(String.class)).startsWith("Inserted 3 rows to table user_alice.put1\n")
                .contains("column name count is a reserved word");
        assertThat(count("user_alice.put1")).isEqualTo(3);
        Map<?, ?> described = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.put1"))
                .accept("application/json").get(Map.class);
        assertThat(((List<?>) described.get("columns")).stream().map(c -> (Object) ((Map<?, ?>) c).get("name")).toList())
                .containsExactly("ID", "ra", "mag", "small", "count", "flag", "name", "seen", "pos", "flux");

        // a value that does not convert: no rows, and no table either
        RowListStarTable bad = new RowListStarTable(new ColumnInfo[] {new ColumnInfo("seen", String.class, null)});
        ColumnInfo seen = bad.getColumnInfo(0);
        seen.setXtype("timestamp");
        bad.addRow(new Object[] {"2024-01-01"});
        bad.addRow(new Object[] {"not a time"});
        Response refused = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.put2"))
                .put(Entity.entity(write(bad, new VOTableWriter(DataFormat.TABLEDATA, true, VOTableVersion.V14)),
                        "application/x-votable+xml"));
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(refused.readEntity(String.class)).startsWith("row 2, column 'seen': 'not a time' is not a timestamp");
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.put2")).get().getStatus()).isEqualTo(404);
        boolean gone = JDBI.withHandle(h -> h.createQuery("SELECT to_regclass('user_alice.put2') IS NULL")
                .mapTo(Boolean.class).one());
        assertThat(gone).isTrue();
    }

    @Test
    void aPostOfRowsToATableAppendsThemAndADocumentStillDescribesIt() throws IOException {
        String table = "user_alice.post1";
        create(table);
        Response csv = TestApp.as("alice", TestApp.target(APP, "tables/" + table))
                .post(Entity.entity("id,name\n1,one\n", "text/csv"));
        assertThat(csv.readEntity(String.class)).isEqualTo("Inserted 1 rows to table " + table + "\n");
        Response fits = TestApp.as("alice", TestApp.target(APP, "tables/" + table))
                .post(Entity.entity(file("fits"), "application/fits"));
        assertThat(fits.readEntity(String.class)).isEqualTo("Inserted 3 rows to table " + table + "\n");
        Response describe = TestApp.as("alice", TestApp.target(APP, "tables/" + table)).post(Entity.entity(
                "{\"description\": \"Loaded twice\"}", "application/json"));
        assertThat(describe.getStatus()).isEqualTo(204);
        assertThat(count(table)).isEqualTo(4);
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/" + table)).accept("application/json")
                .get(Map.class).get("description")).isEqualTo("Loaded twice");
    }

    @Test
    void aUtf8EcsvFileKeepsItsText() {
        String table = "user_alice.ecsv3";
        create(table);
        String ecsv = "# %ECSV 1.0\n# ---\n# datatype:\n# - {name: id, datatype: int64}\n"
                + "# - {name: name, datatype: string}\nid name\n1 \"Ünïcødé ✓\"\n2 naïve\n";
        Response r = post(table, ecsv.getBytes(StandardCharsets.UTF_8), "application/x-ecsv");
        assertThat(r.readEntity(String.class)).isEqualTo("Inserted 2 rows to table " + table + "\n");
        List<String> names = JDBI.withHandle(h -> h.createQuery("SELECT name FROM " + table + " ORDER BY id")
                .mapTo(String.class).list());
        assertThat(names).containsExactly("Ünïcødé ✓", "naïve");
    }

    /** ECSV as astropy writes it: nan, empty and quoted fields, booleans, either delimiter. */
    @Test
    void astropyStyleEcsvKeepsItsMeaningsForNullsNanQuotesAndBooleans() {
        String header = "# %%ECSV 1.0\n# ---\n%s# datatype:\n# - {name: id, datatype: int64}\n"
                + "# - {name: ra, datatype: float64, unit: deg}\n# - {name: mag, datatype: float32}\n"
                + "# - {name: flag, datatype: bool}\n# - {name: name, datatype: string}\n"
                + "# - {name: count, datatype: int32}\n# meta: {comment: \"a # in a value\"}\n";
        String spaced = header.formatted("") + "id ra mag flag name count\n"
                + "1 10.5 nan True \"two words\" 7\n"
                + "2 \"\" 1.25 False \"\" \"\"\n"
                + "3 inf -inf true \"say \"\"hi\"\"\" -3\n";
        String commas = header.formatted("# delimiter: ','\n") + "id,ra,mag,flag,name,count\n"
                + "1,10.5,nan,True,two words,7\n2,,1.25,False,,\n3,inf,-inf,true,\"say \"\"hi\"\"\",-3\n";
        for (String[] body : new String[][] {{"ecsv_sp", spaced}, {"ecsv_comma", commas}}) {
            String table = "user_alice." + body[0];
            create(table);
            Response r = post(table, body[1].getBytes(StandardCharsets.UTF_8), "text/x-ecsv");
            assertThat(r.readEntity(String.class)).as(body[0]).isEqualTo("Inserted 3 rows to table " + table + "\n");
            List<Map<String, Object>> rows = JDBI.withHandle(h -> h.createQuery("SELECT id, ra, mag, flag, name, count "
                    + "FROM " + table + " ORDER BY id").mapToMap().list());
            assertThat(rows.get(0)).as(body[0]).containsEntry("ra", 10.5).containsEntry("mag", null)
                    .containsEntry("flag", true).containsEntry("name", "two words").containsEntry("count", 7);
            assertThat(rows.get(1)).as(body[0]).containsEntry("ra", null).containsEntry("mag", 1.25f)
                    .containsEntry("flag", false).containsEntry("name", null).containsEntry("count", null);
            assertThat(rows.get(2)).as(body[0]).containsEntry("ra", Double.POSITIVE_INFINITY)
                    .containsEntry("mag", Float.NEGATIVE_INFINITY).containsEntry("name", "say \"hi\"")
                    .containsEntry("count", -3);
        }
    }

    @Test
    void aBadEcsvValueNamesItsRowAndColumnAndLoadsNothing() {
        String table = "user_alice.ecsv_bad";
        create(table);
        String ecsv = "# %ECSV 1.0\n# ---\n# datatype:\n# - {name: id, datatype: int64}\n"
                + "# - {name: ra, datatype: float64}\nid ra\n1 1.5\n2 abc\n";
        Response r = post(table, ecsv.getBytes(StandardCharsets.UTF_8), "text/x-ecsv");
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.readEntity(String.class)).contains("row 2, column 'ra': 'abc' is not a double");
        Response fields = post(table, (ecsv.replace("2 abc", "2 2.5 9")).getBytes(StandardCharsets.UTF_8), "text/x-ecsv");
        assertThat(fields.getStatus()).isEqualTo(400);
        assertThat(fields.readEntity(String.class)).contains("row 2 of the ECSV has 3 fields; the header has 2");
        Response names = post(table, ecsv.replace("id ra\n", "id dec\n").getBytes(StandardCharsets.UTF_8), "text/x-ecsv");
        assertThat(names.getStatus()).isEqualTo(400);
        assertThat(names.readEntity(String.class)).contains("column line names [id, dec] but its header describes [id, ra]");
        assertThat(count(table)).isZero();
    }

    @Test
    void tabledataCellsKeepVotableMeaningsForNullsHexBooleansAndEntities() {
        String table = "user_alice.td1";
        create(table);
        String votable = HEAD + "<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE>"
                + "<TABLE><FIELD name=\"id\" datatype=\"long\"/>"
                + "<FIELD name=\"count\" datatype=\"int\"><VALUES null=\"-999\"/></FIELD>"
                + "<FIELD name=\"flag\" datatype=\"boolean\"/><FIELD name=\"name\" datatype=\"char\" arraysize=\"*\"/>"
                + "<FIELD name=\"ra\" datatype=\"double\"/><FIELD name=\"pos\" datatype=\"double\" arraysize=\"2\""
                + " xtype=\"point\"/><DATA><TABLEDATA>\n"
                + "<TR><TD> 1 </TD><TD>-999</TD><TD>?</TD><TD>a &amp; b &lt;c&gt;</TD><TD> 1.5 </TD><TD>1 2</TD></TR>\n"
                + "<TR><TD>0x1F</TD><TD>0x10</TD><TD>T</TD><TD/><TD>nan</TD><TD></TD></TR>\n"
                + "<TR><TD>3</TD></TR>\n"
                + "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
        Response r = post(table, votable.getBytes(StandardCharsets.UTF_8), "application/x-votable+xml");
        assertThat(r.readEntity(String.class)).isEqualTo("Inserted 3 rows to table " + table + "\n");
        List<Map<String, Object>> rows = JDBI.withHandle(h -> h.createQuery("SELECT id, count, flag, name, ra, "
                + "pos::text AS pos FROM " + table + " ORDER BY id").mapToMap().list());
        assertThat(rows.get(0)).containsEntry("id", 1L).containsEntry("name", "a & b <c>").containsEntry("ra", 1.5)
                .containsEntry("pos", "{1,2}");
        assertThat(Arrays.asList(rows.get(0).get("count"), rows.get(0).get("flag"))).containsOnlyNulls();
        assertThat(rows.get(1)).containsEntry("id", 3L); // a short row: the cells it lacks are null
        assertThat(Arrays.asList(rows.get(1).get("count"), rows.get(1).get("flag"), rows.get(1).get("name")))
                .containsOnlyNulls();
        assertThat(rows.get(2)).containsEntry("id", 31L).containsEntry("count", 16).containsEntry("flag", true);
        assertThat(Arrays.asList(rows.get(2).get("name"), rows.get(2).get("ra"), rows.get(2).get("pos")))
                .containsOnlyNulls();
        Response wide = post(table, (HEAD + VOTABLE.formatted("<TABLEDATA><TR><TD>1</TD><TD>2</TD></TR></TABLEDATA>"))
                .getBytes(StandardCharsets.UTF_8), "application/x-votable+xml");
        assertThat(wide.getStatus()).isEqualTo(400);
        assertThat(wide.readEntity(String.class)).startsWith("row 1 of the VOTable has 2 TD cells; the table has 1 FIELDs");
        Response bad = post(table, (HEAD + VOTABLE.formatted("<TABLEDATA><TR><TD>1</TD></TR><TR><TD>x1</TD></TR>"
                + "</TABLEDATA>")).getBytes(StandardCharsets.UTF_8), "application/x-votable+xml");
        assertThat(bad.readEntity(String.class)).startsWith("row 2, column 'id': 'x1' is not a long");
        assertThat(count(table)).isEqualTo(3);
    }

    @Test
    void aTabledataCellLongerThanAnyValueIsRefusedInsteadOfFillingTheHeap() {
        String table = "user_alice.td2";
        create(table);
        String huge = "<TABLEDATA><TR><TD>1</TD><TD>" + "x".repeat(17 * 1024 * 1024) + "</TD></TR></TABLEDATA>";
        String votable = HEAD + "<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE>"
                + "<TABLE><FIELD name=\"id\" datatype=\"long\"/><FIELD name=\"name\" datatype=\"char\" arraysize=\"*\"/>"
                + "<DATA>" + huge + "</DATA></TABLE></RESOURCE></VOTABLE>";
        Response r = post(table, votable.getBytes(StandardCharsets.UTF_8), "application/x-votable+xml");
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.readEntity(String.class)).contains("a TD of row 1 of the VOTable is longer than 16777216 characters");
        assertThat(count(table)).isZero();
    }

    @Test
    void anEcsvBodySentAsCsvIsReadAsEcsv() throws IOException {
        String table = "user_alice.ecsv2";
        create(table);
        Response r = post(table, file("ecsv"), "text/csv");
        assertThat(r.readEntity(String.class)).isEqualTo("Inserted 3 rows to table " + table + "\n");
    }
}
