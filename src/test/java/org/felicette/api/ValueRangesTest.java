package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values outside what their VOTable type holds (unsignedByte's range, an array's length and
 * form) and FITS headers that cannot be true are 400s naming the row, the column and the value,
 * and nothing is loaded.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ValueRangesTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);

    static final String TABLE = "user_alice.shapes";

    @BeforeAll
    static void table() {
        Response r = TestApp.as("alice", TestApp.target(APP, "tables/" + TABLE)).put(Entity.entity("""
                <vosi:table xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"
                    xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><name>user_alice.shapes</name>
                  <column><name>id</name><dataType xsi:type="vs:VOTableType">long</dataType></column>
                  <column><name>flags</name><dataType xsi:type="vs:VOTableType">unsignedByte</dataType></column>
                  <column><name>pos</name><dataType xsi:type="vs:VOTableType" arraysize="2" xtype="point">double</dataType></column>
                  <column><name>mags</name><dataType xsi:type="vs:VOTableType" arraysize="*">double</dataType></column>
                </vosi:table>""", "text/xml"));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
    }

    static Response load(String body, String type) {
        return TestApp.as("alice", TestApp.target(APP, "load/" + TABLE)).post(Entity.entity(body, type));
    }

    static long rows() {
        return TestDatabase.jdbi(DATABASE).withHandle(h -> h.createQuery("SELECT count(*) FROM user_alice.shapes")
                .mapTo(Long.class).one());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "flags 300|id,flags,pos,mags\\n1,7,\"1 2\",\"1 2\"\\n2,300,\"1 2\",\"1 2\"|row 2, column 'flags': '300' is out of range for unsignedByte (0 to 255)",
        "flags -1|id,flags,pos,mags\\n1,-1,\"1 2\",\"1 2\"|row 1, column 'flags': '-1' is out of range for unsignedByte",
        "point of three|id,flags,pos,mags\\n1,1,\"1 2 3\",\"1\"|row 1, column 'pos': '1 2 3' has 3 values; arraysize 2 holds exactly 2",
        "point of one|id,flags,pos,mags\\n1,1,\"{1}\",\"1\"|row 1, column 'pos': '{1}' has 1 values; arraysize 2 holds exactly 2",
        "array syntax|id,flags,pos,mags\\n1,1,\"1 2\",\"1}, {2\"|row 1, column 'mags': '1}, {2' is not an array",
        "empty element|id,flags,pos,mags\\n1,1,\"1 2\",\"1,,2\"|row 1, column 'mags': '1,,2' is not an array"})
    void aCsvValueOutsideItsTypeIs400AndLoadsNothing(String name, String csv, String message) {
        Response r = load(csv.replace("\\n", "\n"), "text/csv");
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.readEntity(String.class)).contains(message).contains("nothing was loaded");
        assertThat(rows()).isZero();
    }

    @Test
    void theSameChecksHoldForVotableCells() {
        String votable = """
                <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
                <FIELD name="id" datatype="long"/><FIELD name="flags" datatype="unsignedByte"/>
                <FIELD name="pos" datatype="double" arraysize="2" xtype="point"/>
                <FIELD name="mags" datatype="double" arraysize="*"/>
                <DATA><TABLEDATA><TR><TD>1</TD><TD>%s</TD><TD>%s</TD><TD>1 2</TD></TR></TABLEDATA></DATA>
                </TABLE></RESOURCE></VOTABLE>""";
        Response byte300 = load(votable.formatted("300", "1 2"), "application/x-votable+xml");
        assertThat(byte300.getStatus()).isEqualTo(400);
        assertThat(byte300.readEntity(String.class)).contains("column 'flags'").contains("'300'")
                .contains("unsignedByte");
        Response point3 = load(votable.formatted("1", "1 2 3"), "application/x-votable+xml");
        assertThat(point3.getStatus()).isEqualTo(400);
        assertThat(point3.readEntity(String.class)).contains("column 'pos'").contains("'1 2 3' has 3 values");
        assertThat(load(votable.formatted("255", "1 2"), "application/x-votable+xml").getStatus()).isEqualTo(200);
        TestDatabase.jdbi(DATABASE).useHandle(h -> h.execute("TRUNCATE user_alice.shapes"));
    }

    /** A FITS file of one BINTABLE with one double column, whose header says the given NAXIS2. */
    static byte[] fits(long naxis2, int rowsWritten) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, "SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    0",
                "EXTEND  =                    T");
        header(out, "XTENSION= 'BINTABLE'", "BITPIX  =                    8", "NAXIS   =                    2",
                "NAXIS1  =                    8", String.format("NAXIS2  = %20d", naxis2),
                "PCOUNT  =                    0", "GCOUNT  =                    1", "TFIELDS =                    1",
                "TTYPE1  = 'id      '", "TFORM1  = 'K       '");
        ByteBuffer data = ByteBuffer.allocate(((rowsWritten * 8 + 2879) / 2880) * 2880);
        for (int i = 0; i < rowsWritten; i++) {
            data.putLong(i + 1);
        }
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, String... cards) {
        StringBuilder h = new StringBuilder();
        for (String c : cards) {
            h.append(String.format("%-80s", c));
        }
        h.append(String.format("%-80s", "END"));
        while (h.length() % 2880 != 0) {
            h.append(' ');
        }
        out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aFitsHeaderWithANegativeRowCountIs400NamingTheCard() {
        Response r = TestApp.as("alice", TestApp.target(APP, "load/" + TABLE))
                .post(Entity.entity(fits(-5, 3), "application/fits"));
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.readEntity(String.class)).contains("NAXIS2 = -5").contains("HDU 2 (BINTABLE)");
        HttpResponse<String> upload = UploadsTest.send(APP, "alice", Map.of("UPLOAD", "neg,param:f"),
                Map.of("f", new Object[] {"application/fits", fits(-5, 3)}));
        assertThat(upload.statusCode()).isEqualTo(400);
        assertThat(upload.body()).contains("NAXIS2 = -5");
        Response good = TestApp.as("alice", TestApp.target(APP, "load/" + TABLE))
                .post(Entity.entity(fits(3, 3), "application/fits"));
        assertThat(good.getStatus()).as(good.readEntity(String.class)).isEqualTo(200);
        assertThat(rows()).isEqualTo(3);
        TestDatabase.jdbi(DATABASE).useHandle(h -> h.execute("TRUNCATE user_alice.shapes"));
    }
}
