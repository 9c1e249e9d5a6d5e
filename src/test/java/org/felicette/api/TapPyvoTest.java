package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real pyvo (Debian's python3-pyvo) against the running service: {@code run_sync},
 * {@code search}, {@code run_async} and {@code uploads=} joins, as a user's notebook sends them. Skipped where
 * pyvo cannot be imported.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TapPyvoTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);

    @BeforeAll
    static void table() {
        TapSyncTest.starsWithThreeRows(APP);
    }

    /** The first Python that imports pyvo: the one on the PATH, or Debian's own (where python3-pyvo goes). */
    static String pythonWithPyvo() throws IOException, InterruptedException {
        for (String python : new String[] {"python3", "/usr/bin/python3"}) {
            try {
                Process probe = new ProcessBuilder(python, "-c", "import pyvo").redirectErrorStream(true).start();
                if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return python;
                }
            } catch (IOException noSuchPython) {
                // try the next
            }
        }
        return null;
    }

    static String python(Path dir, String script) throws IOException, InterruptedException {
        String python = pythonWithPyvo();
        Assumptions.assumeTrue(python != null, "pyvo cannot be imported here (apt-get install python3-pyvo)");
        Path file = dir.resolve("client.py");
        Files.writeString(file, script);
        Process p = new ProcessBuilder(python, file.toString(), "http://127.0.0.1:" + APP.getLocalPort(),
                "alice-token").redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void runSyncSearchAndAnUploadJoinWorkUnchanged(@TempDir Path dir) throws Exception {
        String out = python(dir, """
                import sys, requests, pyvo
                from astropy.table import Table
                session = requests.Session()
                session.headers["Authorization"] = "Bearer " + sys.argv[2]
                service = pyvo.dal.TAPService(sys.argv[1], session=session)
                rows = service.run_sync("SELECT id, ra, name FROM user_alice.stars ORDER BY id").to_table()
                print("sync", list(rows["id"]), list(rows["name"]), rows["ra"].unit)
                found = service.search("SELECT TOP 2 id FROM user_alice.stars ORDER BY id DESC")
                print("search", [int(r["id"]) for r in found])
                mine = Table({"id": [1, 3]})
                joined = service.run_sync("SELECT s.name FROM user_alice.stars s JOIN TAP_UPLOAD.mine m "
                                          "ON s.id = m.id ORDER BY s.id", uploads={"mine": mine}).to_table()
                print("upload", list(joined["name"]))
                later = service.run_async("SELECT s.name FROM user_alice.stars s JOIN TAP_UPLOAD.mine m "
                                          "ON s.id = m.id ORDER BY s.id", uploads={"mine": mine}).to_table()
                print("async upload", list(later["name"]))
                b2 = service.run_sync("SELECT id, ra FROM user_alice.stars ORDER BY id",
                                      RESPONSEFORMAT="votable/b2").to_table()
                print("binary2", list(b2["id"]), list(b2["ra"]))
                cut = service.run_sync("SELECT id FROM user_alice.stars", maxrec=1)
                print("overflow", len(cut), cut.query_status)
                try:
                    service.run_sync("SELECT id FROM user_bob.secret")
                except pyvo.dal.DALQueryError as e:
                    print("refused", str(e).splitlines()[0])
                """);
        assertThat(out).contains("sync [1, 2, 3] ['Vega', 'Deneb', 'Altair']")
                .contains("search [3, 2]")
                .contains("upload ['Vega', 'Altair']")
                .contains("async upload ['Vega', 'Altair']")
                .contains("binary2 [1, 2, 3] [10.5, 20.25, 30.0]")
                .contains("overflow 1 OVERFLOW")
                .contains("refused no table 'user_bob.secret'");
    }
}
