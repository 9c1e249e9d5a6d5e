package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.StreamSupport;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The ingest page in a real browser: Debian's chromium, headless, driven through chromedriver.
 * Skipped, saying so, where there is no chromium.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class IngestPageTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE,
            ConfigOverride.config("jobs.heartbeatMillis", "200"));
    /** The same service behind a gateway that names the caller in headers (oauth2-proxy's). */
    static final DropwizardAppExtension<FelicetteConfiguration> GATEWAY = TestApp.extension(DATABASE,
            ConfigOverride.config("auth.mode", "gateway"));
    static WebDriver browser;
    static Path profile;

    @BeforeAll
    static void browser() throws IOException {
        Response published = TestApp.as("root", TestApp.target(APP, "schemas/survey"))
                .put(Entity.entity(ForeignKeyTest.survey("objectId", "a survey"), "application/yaml"));
        assertThat(published.getStatus()).as(published.readEntity(String.class)).isEqualTo(201);
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "no chromium and chromedriver here (apt-get install chromium chromium-driver): browser tests skipped");
        profile = Files.createTempDirectory("felicette-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,1600");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    static WebElement shown(String id) {
        return waiting().until(d -> {
            WebElement e = d.findElement(By.id(id));
            return e.isDisplayed() ? e : null;
        });
    }

    /** Opens the page signed in as alice (the token typed once, then Enter). */
    static void open() {
        browser.get("http://127.0.0.1:" + APP.getLocalPort() + "/ui");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()"); // each test signs in afresh
        browser.navigate().refresh();
        WebElement token = shown("token");
        assertThat(browser.switchTo().activeElement()).as("the token field has the focus").isEqualTo(token);
        token.sendKeys(TestApp.tokenOf("alice") + Keys.ENTER);
        waiting().until(d -> d.findElement(By.id("who")).getText().startsWith("Signed in as alice"));
        shown("step-file");
        // the token is kept for the tab only: never in local storage, never in a cookie
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat(js.executeScript("return localStorage.length")).isEqualTo(0L);
        assertThat(js.executeScript("return document.cookie")).isEqualTo("");
    }

    static Path file(String name, byte[] content) throws IOException {
        Path dir = Files.createTempDirectory("felicette-page-");
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    static void screenshotOnFailure(TestInfo info, Runnable flow) throws IOException {
        try {
            flow.run();
        } catch (RuntimeException | AssertionError e) {
            Path dir = Path.of("target", "ui-screenshots");
            Files.createDirectories(dir);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), dir.resolve(info.getTestMethod().orElseThrow().getName() + ".png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            throw e;
        }
    }

    /**
     * A picture of the page as a user sees it at this step, for the documentation: written to
     * {@code docs/screenshots/NAME.png} when the tests are run with {@code -Dfelicette.docs=true}
     * (so that a normal run leaves the checkout as it was).
     */
    static void docShot(String name) {
        if (!Boolean.getBoolean("felicette.docs")) {
            return;
        }
        try {
            Path dir = Path.of("docs", "screenshots");
            Files.createDirectories(dir);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Go, pressed with something left to settle in step 2: refused with the reason, the focus on what
     * is to settle, and no table made.
     */
    static void goIsRefusedBeforeAnythingIsMade(String reason, String focused, String table) {
        waiting().until(d -> d.findElement(By.id("table-check")).getText().equals("This name is free."));
        browser.findElement(By.id("go")).click();
        assertThat(browser.findElement(By.id("where-error")).getText()).startsWith(reason);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo(focused);
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/" + table)).get().getStatus()).isEqualTo(404);
    }

    /** The page opened signed in as alice, the file chosen and its columns shown. */
    static void openWithFile(Path file) {
        open();
        browser.findElement(By.id("file")).sendKeys(file.toString());
        shown("step-describe");
    }

    /** The text of a select's chosen option. */
    static String selected(String id) {
        return new org.openqa.selenium.support.ui.Select(browser.findElement(By.id(id))).getFirstSelectedOption()
                .getText();
    }

    static WebElement columnInput(String kind, int index) {
        return browser.findElement(By.id(kind + "-" + index));
    }

    @Test
    void aCsvIsDescribedCreatedLoadedAndSharedThroughThePage(TestInfo info) throws IOException {
        StringBuilder csv = new StringBuilder("id,ra,dec,mag\n");
        for (int i = 1; i <= 5000; i++) {
            csv.append(i).append(',').append(i * 0.01).append(',').append(-i * 0.01).append(',').append(15 + i % 7).append('\n');
        }
        Path data = file("bright_stars.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        screenshotOnFailure(info, () -> {
            openWithFile(data);
            // the columns, typed from the values, with UCDs proposed from their names
            List<WebElement> selects = browser.findElements(By.cssSelector("#columns select"));
            assertThat(selects).hasSize(4);
            assertThat(selects.get(0).getAttribute("value")).isEqualTo("int");
            assertThat(selects.get(1).getAttribute("value")).isEqualTo("double");
            assertThat(columnInput("ucd", 1).getAttribute("value")).isEqualTo("pos.eq.ra;meta.main");
            assertThat(browser.findElements(By.cssSelector("#rows tbody tr"))).hasSize(10);
            // a bad UCD is flagged as it is typed, and the flag goes when it is put right
            WebElement ucd = columnInput("ucd", 3);
            ucd.sendKeys("not.a.real.ucd");
            waiting().until(d -> "true".equals(columnInput("ucd", 3).getAttribute("aria-invalid")));
            ucd.clear();
            ucd.sendKeys("phot.mag;em.opt.V");
            waiting().until(d -> columnInput("ucd", 3).getAttribute("aria-invalid") == null);
            // the unit of a magnitude is proposed from its name; the right ascension's is typed
            assertThat(columnInput("unit", 3).getAttribute("value")).isEqualTo("mag");
            columnInput("unit", 1).sendKeys("deg");
            assertThat(browser.findElement(By.id("table")).getAttribute("value")).isEqualTo("bright_stars");
            waiting().until(d -> d.findElement(By.id("table-check")).getText().equals("This name is free."));
            // step 4: the position and the identifier proposed from the UCDs, an index asked for mag,
            // and the table described as a Qserv director
            assertThat(selected("ra-col")).isEqualTo("ra");
            assertThat(selected("dec-col")).isEqualTo("dec");
            assertThat(selected("id-col")).isEqualTo("id");
            assertThat(browser.findElement(By.id("id-unique")).isSelected()).isTrue();
            assertThat(browser.findElement(By.id("spatial")).isSelected()).as("pg_sphere is not assumed").isFalse();
            assertThat(browser.findElement(By.id("spatial-choice")).isDisplayed())
                    .as("no spatial index offered on a database without pg_sphere").isFalse();
            browser.findElement(By.id("table-description")).sendKeys("Bright stars of the test field");
            browser.findElement(By.id("index-3")).click();
            browser.findElement(By.cssSelector("#qserv summary")).click();
            browser.findElement(By.id("part-director")).click();
            browser.findElement(By.id("share-group")).click();
            browser.findElement(By.id("group")).sendKeys("astro");
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("group-access"))).selectByValue("rw");
            docShot("3-5-where-how-share");
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("bar")).getAttribute("value")).isEqualTo("100");
            assertThat(browser.findElement(By.id("done-summary")).getText()).contains("5,000 rows")
                    .doesNotContain("not shared");
            assertThat(browser.findElement(By.id("after-load")).getText()).contains("Indexed id (unique).")
                    .contains("Indexed mag.").doesNotContain("Not indexed");
            // the header counts the new table without a reload
            waiting().until(d -> d.findElement(By.id("who")).getText().contains(" " + tablesOfAlice() + " of 100 tables"));
            // the result shows the table as TAP_SCHEMA now has it
            waiting().until(d -> d.findElements(By.cssSelector("#done-columns tbody tr")).size() == 4);
            String columns = browser.findElement(By.id("done-columns")).getText();
            assertThat(columns).contains("mag int mag phot.mag;em.opt.V yes").contains("id int meta.id;meta.main yes")
                    .contains("pos.eq.ra;meta.main");
            assertThat(browser.findElement(By.id("adql")).getText()).isEqualTo("SELECT TOP 10 * FROM user_alice.bright_stars");
            // and its first rows, read back through the service's own ADQL endpoint
            waiting().until(d -> d.findElements(By.cssSelector("#done-rows tbody tr")).size() == 5);
            docShot("7-done");
            assertThat(browser.findElement(By.cssSelector("#done-rows thead")).getText()).contains("id").contains("mag");
            assertThat(browser.findElement(By.id("pyvo")).getText()).contains("run_sync(\"SELECT TOP 10 * FROM "
                    + "user_alice.bright_stars\")").contains("session=session");
        });
        String table = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.bright_stars")).get(String.class);
        assertThat(table).contains("<unit>mag</unit>").contains("<ucd>phot.mag;em.opt.V</ucd>").contains("<unit>deg</unit>")
                .contains("<description>Bright stars of the test field</description>");
        assertThat(TestApp.as("alice", TestApp.target(APP, "permissions/user_alice.bright_stars")).get(String.class))
                .contains("rw-group=astro");
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.bright_stars/distribution"))
                .get(String.class)).contains("\"is_director\":true").contains("\"id_col_name\":\"id\"")
                .contains("\"longitude_col_name\":\"ra\"").contains("\"latitude_col_name\":\"dec\"");
        assertThat(TableUpdateTest.indexNamed(DATABASE, "bright_stars_id_uidx")).isTrue();
        assertThat(TableUpdateTest.indexNamed(DATABASE, "bright_stars_mag_idx")).isTrue();
        assertThat(TestApp.as("bob", TestApp.target(APP, "tables/user_alice.bright_stars")).get().getStatus())
                .as("shared with astro, which bob is in").isEqualTo(200);
        // found in "My tables", and dropped there after a confirmation (a first "no" keeps it)
        screenshotOnFailure(info, () -> {
            browser.findElement(By.id("show-mine")).click();
            WebElement drop = waiting().until(d -> d.findElements(By.cssSelector("#mine-list button[aria-label='drop "
                    + "user_alice.bright_stars']")).stream().findFirst().orElse(null));
            // My tables is a view of its own: the finished load is put aside, not left below it
            assertThat(browser.findElement(By.id("step-done")).isDisplayed()).isFalse();
            WebElement row = drop.findElement(By.xpath("./ancestor::tr"));
            docShot("my-tables");
            assertThat(row.findElement(By.className("size")).getText()).endsWith(" MB").isNotEqualTo("0.0 MB");
            assertThat(row.findElement(By.className("shared")).getText()).isEqualTo("group astro (read and change)");
            // the share form stays closed until asked for, and opens on the table's sharing as it is
            assertThat(row.findElement(By.cssSelector(".share-form")).isDisplayed()).isFalse();
            assertThat(drop.getCssValue("border-top-style")).as("Drop is a button, not a drop zone")
                    .isNotEqualTo("dashed");
            // shared with everyone instead, from the list
            row.findElement(By.cssSelector("button[aria-label='share user_alice.bright_stars']")).click();
            assertThat(row.findElement(By.cssSelector(".share-form")).isDisplayed()).isTrue();
            assertThat(row.findElement(By.cssSelector(".share-form select")).getAttribute("value")).isEqualTo("rw");
            assertThat(row.findElement(By.cssSelector(".share-form input")).getAttribute("value")).isEqualTo("astro");
            new org.openqa.selenium.support.ui.Select(row.findElement(By.cssSelector(".share-form select")))
                    .selectByValue("public");
            row.findElement(By.cssSelector(".share-form button")).click();
            waiting().until(d -> d.findElement(By.id("mine-status")).getText()
                    .equals("user_alice.bright_stars may now be read by everyone."));
            assertThat(row.findElement(By.className("shared")).getText()).isEqualTo("everyone");
            assertThat(TestApp.as("alice", TestApp.target(APP, "permissions/user_alice.bright_stars"))
                    .get(String.class)).contains("public=true").contains("rw-group=\n");
            assertThat(TestApp.target(APP, "tables/user_alice.bright_stars").request().get().getStatus())
                    .as("anyone reads it now").isEqualTo(200);
            drop.click();
            browser.switchTo().alert().dismiss();
            assertThat(browser.findElements(By.cssSelector("#mine-list tbody tr"))).isNotEmpty();
            drop.click();
            browser.switchTo().alert().accept();
            waiting().until(d -> d.findElement(By.id("mine-status")).getText().equals("user_alice.bright_stars was dropped."));
            waiting().until(d -> d.findElement(By.id("who")).getText().contains(" " + tablesOfAlice() + " of 100 tables"));
            // and the steps come back as they were left
            browser.findElement(By.id("show-steps")).click();
            assertThat(shown("step-done").isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("mine")).isDisplayed()).isFalse();
            // signing out forgets the token: the page asks for one again
            browser.findElement(By.id("sign-out")).click();
            shown("signin");
            assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.length")).isEqualTo(0L);
        });
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.bright_stars")).get().getStatus())
                .isEqualTo(404);
    }

    /** How many tables alice has now, as the quota counts them. */
    static long tablesOfAlice() {
        return ((Number) TestApp.as("alice", TestApp.target(APP, "quota")).accept("application/json").get(Map.class)
                .get("tables")).longValue();
    }

    /** Types a new name for column {@code index} in step 2. */
    static WebElement renamed(int index, String name) {
        WebElement input = columnInput("name", index);
        input.clear();
        input.sendKeys(name);
        return input;
    }

    @Test
    void columnNamesAreProposedCheckedAndRenamedAndTheLoadPutsEachFileColumnInItsColumn(TestInfo info)
            throws IOException {
        Path data = file("named.csv", "Source ID,RA (J2000),Dec (J2000),mag-G\n7,10.5,-20.25,15.5\n8,11.5,-21.25,16.5\n"
                .getBytes(StandardCharsets.UTF_8));
        screenshotOnFailure(info, () -> {
            openWithFile(data);
            // names a table can have are proposed, the file's own shown under each
            assertThat(List.of(0, 1, 2, 3).stream().map(i -> columnInput("name", i).getAttribute("value")).toList())
                    .containsExactly("Source_ID", "RA_J2000", "Dec_J2000", "mag_G");
            assertThat(browser.findElement(By.id("from-1")).getText()).isEqualTo("from RA (J2000)");
            assertThat(browser.findElement(By.id("columns-error")).getText()).isEmpty();
            // each name is checked as it is typed: form, and a name two columns share
            WebElement mag = renamed(3, "2mag");
            assertThat(mag.getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.findElement(By.id("columns-error")).getText())
                    .contains("Column 4 (2mag): A column name is a letter, then letters, digits or _.");
            WebElement dec = renamed(2, "ra_j2000");
            assertThat(dec.getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.findElement(By.id("columns-error")).getText())
                    .contains("Column 3 (ra_j2000): Column 2 has this name already.");
            // nothing is created while a name is wrong: the first wrong one gets the focus
            browser.findElement(By.id("go")).click();
            assertThat(browser.findElement(By.id("where-error")).getText())
                    .startsWith("Some column names in step 2 cannot be used:");
            assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("name-2");
            assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.named")).get().getStatus())
                    .isEqualTo(404);
            renamed(2, "dec");
            renamed(3, "g_mag");
            renamed(1, "ra");
            renamed(0, "source_id");
            assertThat(browser.findElement(By.id("columns-error")).getText()).isEmpty();
            assertThat(browser.findElement(By.id("from-3")).getText()).isEqualTo("from mag-G");
            // step 4 names the columns as they are now named
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("ra-col"))).selectByVisibleText("ra");
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("dec-col"))).selectByVisibleText("dec");
            assertThat(browser.findElement(By.cssSelector("label[for='index-3']")).getText()).isEqualTo("index g_mag");
            browser.findElement(By.id("index-3")).click();
            waiting().until(d -> d.findElement(By.id("table-check")).getText().equals("This name is free."));
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("done-summary")).getText()).contains("2 rows");
            assertThat(browser.findElement(By.id("after-load")).getText()).contains("Indexed g_mag.");
        });
        Map<?, ?> table = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.named")).accept("application/json")
                .get(Map.class);
        List<Object> names = ((List<?>) table.get("columns")).stream().map(c -> (Object) ((Map<?, ?>) c).get("name"))
                .toList();
        assertThat(names).containsExactly("source_id", "ra", "dec", "g_mag");
        List<Object> ucds = ((List<?>) table.get("columns")).stream().filter(c -> "ra".equals(((Map<?, ?>) c).get("name")))
                .map(c -> (Object) ((Map<?, ?>) c).get("ucd")).toList();
        assertThat(ucds).containsExactly("pos.eq.ra;meta.main");
        List<Map<String, Object>> rows = TestDatabase.jdbi(DATABASE).withHandle(h -> h.createQuery(
                "SELECT source_id, ra, dec, g_mag FROM user_alice.named ORDER BY source_id").mapToMap().list());
        assertThat(rows).containsExactly(Map.of("source_id", 7, "ra", 10.5, "dec", -20.25, "g_mag", 15.5),
                Map.of("source_id", 8, "ra", 11.5, "dec", -21.25, "g_mag", 16.5));
    }

    @Test
    void oneBadValueKeepsTheColumnNumericNamesItAndWaitsForAChoiceBeforeAnythingIsMade(TestInfo info)
            throws IOException {
        Path data = file("bright.csv", PreviewTest.stars().getBytes(StandardCharsets.UTF_8));
        screenshotOnFailure(info, () -> {
            open();
            docShot("1-choose");
            browser.manage().logs().get("browser"); // what came before this flow
            browser.findElement(By.id("file")).sendKeys(data.toString());
            shown("step-describe");
            // the service's proposals: RA (J2000), Dec and id recognised, mag-G a magnitude
            assertThat(List.of(0, 1, 2, 3).stream().map(i -> columnInput("ucd", i).getAttribute("value")).toList())
                    .containsExactly("pos.eq.ra;meta.main", "pos.eq.dec;meta.main", "phot.mag", "meta.id;meta.main");
            assertThat(columnInput("unit", 2).getAttribute("value")).isEqualTo("mag");
            // at 1280 pixels, and on a 1024-pixel laptop, the column editor fits: Principal is not behind a scrollbar
            String fits = "const s = document.querySelector('#columns').parentElement; return s.scrollWidth <= s.clientWidth"
                    + " && document.documentElement.scrollWidth <= document.documentElement.clientWidth";
            assertThat(((JavascriptExecutor) browser).executeScript(fits)).isEqualTo(true);
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1024, 900));
            try {
                assertThat(((JavascriptExecutor) browser).executeScript(fits)).as("at 1024 pixels").isEqualTo(true);
                docShot("2-describe-1024px");
            } finally {
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1600));
            }
            // Dec stays a number; its one bad value is named with its line, and the choices are spelled out
            assertThat(browser.findElement(By.cssSelector("#columns tbody tr:nth-child(2) select"))
                    .getAttribute("value")).isEqualTo("double");
            assertThat(shown("near-miss-0").getText()).contains(
                    "Dec is typed double: 1 of 2,000 values is not a number: line 1500, 'oops'.",
                    "Load those values as NULL", "Keep the column as text", "I will correct the file");
            docShot("2-describe-near-miss");
            goIsRefusedBeforeAnythingIsMade("Choose in step 2 what to do with the values of Dec", "near-miss-0-null",
                    "user_alice.bright");
            browser.findElement(By.id("near-miss-0-null")).click();
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("done-summary")).getText()).contains("2,000 rows");
            // a whole flow, name checks and icon included, writes no error to the console
            assertThat(browser.manage().logs().get("browser").getAll()).filteredOn(e -> e.getLevel().intValue()
                    >= java.util.logging.Level.SEVERE.intValue()).isEmpty();
        });
        Map<String, Object> dec = TestDatabase.jdbi(DATABASE).withHandle(h -> h.createQuery("SELECT format_type("
                + "a.atttypid, a.atttypmod) AS type, (SELECT count(*) FROM user_alice.bright WHERE dec IS NULL) "
                + "AS nulls FROM pg_attribute a WHERE a.attrelid = 'user_alice.bright'::regclass AND a.attname = 'dec'")
                .mapToMap().one());
        assertThat(dec).containsEntry("type", "double precision").containsEntry("nulls", 1L);
    }

    @Test
    void anInvalidUnitIsExplainedBesideItsFieldWithASuggestionAndBlocksTheCreate(TestInfo info) throws IOException {
        Path data = file("fluxes.csv", "id,flux\n1,2.5\n2,3.5\n".getBytes(StandardCharsets.UTF_8));
        screenshotOnFailure(info, () -> {
            openWithFile(data);
            columnInput("unit", 1).sendKeys("mJansky");
            waiting().until(d -> "true".equals(columnInput("unit", 1).getAttribute("aria-invalid")));
            docShot("2-describe-invalid-unit");
            String reason = browser.findElement(By.id("unit-err-1")).getText();
            assertThat(reason).contains("invalid unit 'mJansky'", "did you mean 'mJy'?").doesNotContain("t.c1");
            assertThat(browser.findElement(By.id("unit-keep-1")).isSelected()).isFalse();
            goIsRefusedBeforeAnythingIsMade("The unit of column flux is not valid", "unit-1", "user_alice.fluxes");
            browser.findElement(By.cssSelector("#unit-err-1 button")).click();
            assertThat(columnInput("unit", 1).getAttribute("value")).isEqualTo("mJy");
            waiting().until(d -> columnInput("unit", 1).getAttribute("aria-invalid") == null);
            browser.findElement(By.id("go")).click();
            shown("step-done");
        });
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.fluxes")).get(String.class))
                .contains("<unit>mJy</unit>");
    }

    @Test
    void aLoadCancelledWhileItRunsLeavesNoTableAndTheFormAsItWas(TestInfo info) throws IOException {
        StringBuilder csv = new StringBuilder(64 * 1024 * 1024).append("id,x,y\n");
        for (int i = 0; i < 3_000_000; i++) { // seconds of COPY: time to cancel it
            csv.append(i).append(',').append(i * 0.5).append(',').append(i % 97).append('\n');
        }
        Path data = file("slow.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        screenshotOnFailure(info, () -> {
            open();
            browser.findElement(By.id("file")).sendKeys(data.toString());
            shown("step-where");
            waiting().until(d -> d.findElement(By.id("table-check")).getText().equals("This name is free."));
            browser.findElement(By.id("go")).click();
            WebElement cancel = shown("cancel-load");
            docShot("6-loading");
            cancel.click();
            WebElement reason = waiting().until(d -> {
                WebElement e = d.findElement(By.id("where-error"));
                return e.isDisplayed() && !e.getText().isEmpty() ? e : null;
            });
            assertThat(reason.getText()).startsWith("The load was cancelled: nothing was kept.");
            assertThat(browser.findElement(By.id("table")).getAttribute("value")).isEqualTo("slow");
            assertThat(browser.findElement(By.id("step-load")).isDisplayed()).isFalse();
        });
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.slow")).get().getStatus())
                .as("the table made for the load is gone").isEqualTo(404);
    }

    @Test
    void aFitsFileWhoseColumnNamesAreNotIdentifiersLoadsUnderTheProposedNames(TestInfo info) throws IOException {
        uk.ac.starlink.table.RowListStarTable t = new uk.ac.starlink.table.RowListStarTable(
                new uk.ac.starlink.table.ColumnInfo[] {new uk.ac.starlink.table.ColumnInfo("Obj ID", Long.class, null),
                    new uk.ac.starlink.table.ColumnInfo("RA (J2000)", Double.class, null)});
        t.addRow(new Object[] {1L, 10.5});
        Path data = file("odd_names.fits", StilLoadTest.write(t, new uk.ac.starlink.fits.FitsTableWriter()));
        screenshotOnFailure(info, () -> {
            openWithFile(data);
            waiting().until(d -> d.findElement(By.id("table-check")).getText().equals("This name is free."));
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("done-summary")).getText()).contains("1 rows");
        });
        List<Map<String, Object>> rows = TestDatabase.jdbi(DATABASE).withHandle(h -> h.createQuery(
                "SELECT obj_id, ra_j2000 FROM user_alice.odd_names").mapToMap().list());
        assertThat(rows).containsExactly(Map.of("obj_id", 1L, "ra_j2000", 10.5));
    }

    @Test
    void aFitsFileGoesThroughThePageWithItsOwnTypes(TestInfo info) throws IOException {
        Path data = file("fits_stars.fits", StilLoadTest.file("fits"));
        screenshotOnFailure(info, () -> {
            openWithFile(data);
            assertThat(browser.findElements(By.cssSelector("#columns tbody tr"))).hasSize(10);
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("done-summary")).getText()).contains("3 rows");
        });
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.fits_stars")).get(String.class))
                .contains("extendedType=\"point\"");
    }

    /** Issue 25: the page sends what the service recognised, not what the file's name suggests. */
    @Test
    void aCsvNamedTxtGoesThroughThePageAsCsv(TestInfo info) throws IOException {
        Path data = file("measured.txt", "obj,flux\n1,2.5\n2,3.5\n".getBytes(StandardCharsets.UTF_8));
        screenshotOnFailure(info, () -> {
            openWithFile(data);
            assertThat(browser.findElements(By.cssSelector("#columns tbody tr"))).hasSize(2);
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("done-summary")).getText()).contains("2 rows");
        });
        double total = TestDatabase.jdbi(DATABASE).withHandle(h -> h.createQuery(
                "SELECT sum(flux) FROM user_alice.measured").mapTo(Double.class).one());
        assertThat(total).isEqualTo(6.0);
    }

    @Test
    void aLinkToASurveyTableIsMadeAndAQservChoiceThatCannotHoldLeavesNothingBehind(TestInfo info) throws IOException {
        Path data = file("links.csv", "match_id,obj,note\n1,10,a\n2,11,b\n".getBytes(StandardCharsets.UTF_8));
        screenshotOnFailure(info, () -> {
            open();
            browser.findElement(By.id("file")).sendKeys(data.toString());
            shown("step-how");
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("fk-column"))).selectByVisibleText("obj");
            browser.findElement(By.id("fk-table")).sendKeys("survey.Object");
            browser.findElement(By.id("fk-target")).sendKeys("objectId");
            // a dependent table names its director: without one, nothing is made
            browser.findElement(By.cssSelector("#qserv summary")).click();
            browser.findElement(By.id("part-dependent")).click();
            browser.findElement(By.id("go")).click();
            waiting().until(d -> !d.findElement(By.id("qserv-error")).getText().isEmpty());
            assertThat(browser.findElement(By.id("qserv-error")).getText()).startsWith("Not created:")
                    .contains("ref_director_table and ref_director_id_col_name are required");
            assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.links")).get().getStatus())
                    .as("the table made before the hints were refused is gone").isEqualTo(404);
            browser.findElement(By.id("part-none")).click();
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("done-summary")).getText()).contains("2 rows");
        });
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.links")).get(String.class))
                .contains("<targetTable>survey.Object</targetTable>").contains("<fromColumn>obj</fromColumn>");
    }

    @Test
    void ecsvVotableAndParquetFilesGoThroughThePage(TestInfo info) throws IOException {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("page_ecsv.ecsv", StilLoadTest.file("ecsv"));
        files.put("page_binary2.vot", StilLoadTest.file("binary2"));
        files.put("page_parquet.parquet", ParquetLoadTest.fixture("voparquet.parquet"));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path data = file(f.getKey(), f.getValue());
            screenshotOnFailure(info, () -> {
                open();
                browser.findElement(By.id("file")).sendKeys(data.toString());
                shown("step-describe");
                assertThat(browser.findElements(By.cssSelector("#columns tbody tr"))).as(f.getKey()).isNotEmpty();
                waiting().until(d -> d.findElement(By.id("table-check")).getText().equals("This name is free."));
                browser.findElement(By.id("go")).click();
                WebElement summary = shown("step-done").findElement(By.id("done-summary"));
                assertThat(summary.getText()).as(f.getKey()).matches("Table user_alice\\.page_\\w+ holds [0-9,]+ rows\\.");
            });
            String table = "user_alice." + f.getKey().replaceAll("\\..*", "");
            assertThat(TestApp.as("alice", TestApp.target(APP, "tables/" + table)).get().getStatus()).as(table)
                    .isEqualTo(200);
        }
    }

    @Test
    void behindAGatewayThePageTakesTheProxysIdentityAndAsksForNoToken(TestInfo info) throws IOException {
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Network.enable", Map.of());
        // what the gateway adds to every request it passes on
        chrome.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of(
                "X-Auth-Request-User", "carol", "X-Auth-Request-Groups", "astro")));
        try {
            screenshotOnFailure(info, () -> {
                browser.get("http://127.0.0.1:" + GATEWAY.getLocalPort() + "/ui");
                ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
                browser.navigate().refresh();
                waiting().until(d -> d.findElement(By.id("who")).getText().startsWith("Signed in as carol"));
                shown("step-file");
                assertThat(browser.findElement(By.id("signin")).isDisplayed()).isFalse();
            });
        } finally {
            chrome.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
        }
    }

    @Test
    void aTableGoesToAGroupSchemaTheCallerMayWriteAndNotToOneTheyMayNot(TestInfo info) throws IOException {
        Response made = TestApp.as("root", TestApp.target(APP, "tables/astro_shared")).header("x-vosi-group-rw", "astro")
                .put(Entity.entity("", "application/x-vosi-schema"));
        assertThat(made.getStatus()).as(made.readEntity(String.class)).isEqualTo(201);
        Path data = file("group_stars.csv", "id,mag\n1,15.5\n".getBytes(StandardCharsets.UTF_8));
        screenshotOnFailure(info, () -> {
            open();
            browser.findElement(By.id("file")).sendKeys(data.toString());
            shown("step-where");
            WebElement schema = browser.findElement(By.id("schema"));
            schema.clear();
            schema.sendKeys("tap_schema");
            waiting().until(d -> d.findElement(By.id("table-check")).getText()
                    .startsWith("You may not create tables in schema tap_schema; yours is user_alice, and you may "
                            + "write to astro_shared"));
            schema.clear();
            schema.sendKeys("astro_shared");
            waiting().until(d -> d.findElement(By.id("table-check")).getText().equals("This name is free."));
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("done-summary")).getText()).contains("astro_shared.group_stars holds 1 rows");
        });
        assertThat(TestApp.as("alice", TestApp.target(APP, "permissions/astro_shared.group_stars")).get(String.class))
                .contains("owner=alice");
    }

    @Test
    void aFileDroppedOnThePageIsRead(TestInfo info) throws IOException {
        screenshotOnFailure(info, () -> {
            open();
            // what a browser does when a file is dropped: a drop event carrying it
            ((JavascriptExecutor) browser).executeScript("""
                    const dt = new DataTransfer();
                    dt.items.add(new File(['id,flux\\n1,2.5\\n2,3.5\\n'], 'dropped.csv', {type: 'text/csv'}));
                    const zone = document.getElementById('drop');
                    zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
                    zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
                    """);
            shown("step-describe");
            assertThat(browser.findElements(By.cssSelector("#columns tbody tr"))).hasSize(2);
            assertThat(browser.findElement(By.id("table")).getAttribute("value")).isEqualTo("dropped");
            assertThat(browser.findElements(By.cssSelector("#rows tbody tr"))).hasSize(2);
        });
    }

    @Test
    void aTemporaryTableGoesToTapUpload(TestInfo info) throws IOException {
        Path data = file("scratch.csv", "id,flux\n1,2.5\n2,3.5\n3,4.5\n".getBytes(StandardCharsets.UTF_8));
        screenshotOnFailure(info, () -> {
            open();
            browser.findElement(By.id("file")).sendKeys(data.toString());
            shown("step-where");
            browser.findElement(By.id("keep-temporary")).click();
            assertThat(browser.findElement(By.id("step-how")).isDisplayed()).as("no storage choices for a temporary table")
                    .isFalse();
            WebElement hours = browser.findElement(By.id("hours"));
            hours.clear();
            hours.sendKeys("2");
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("done-summary")).getText())
                    .startsWith("Temporary table TAP_UPLOAD.scratch holds 3 rows until");
            // queried by its name, in the console, without sending the file again
            browser.findElement(By.id("query-it")).click();
            assertThat(shown("console-adql").getAttribute("value")).isEqualTo("SELECT TOP 10 * FROM TAP_UPLOAD.scratch");
            browser.findElement(By.id("console-run")).click();
            waiting().until(d -> d.findElements(By.cssSelector("#console-result tbody tr")).size() == 3);
        });
        assertThat(TestApp.as("alice", TestApp.target(APP, "uploads")).accept("application/json").get(String.class))
                .contains("\"name\":\"scratch\"").contains("\"rows\":3");
        // listed in "My tables" with its time, kept longer and dropped there
        screenshotOnFailure(info, () -> {
            browser.findElement(By.id("show-mine")).click();
            WebElement longer = waiting().until(d -> d.findElements(By.cssSelector("#temporary-list button[aria-label="
                    + "'keep TAP_UPLOAD.scratch a day longer']")).stream().findFirst().orElse(null));
            WebElement row = longer.findElement(By.xpath("./ancestor::tr"));
            assertThat(row.findElement(By.className("rows")).getText()).isEqualTo("3");
            String until = row.findElement(By.className("until")).getText();
            longer.click();
            waiting().until(d -> d.findElement(By.id("temporary-status")).getText()
                    .startsWith("TAP_UPLOAD.scratch is kept until"));
            assertThat(row.findElement(By.className("until")).getText()).isNotEqualTo(until);
            row.findElement(By.cssSelector("button[aria-label='drop TAP_UPLOAD.scratch']")).click();
            waiting().until(d -> d.findElement(By.id("temporary-status")).getText()
                    .equals("TAP_UPLOAD.scratch was dropped."));
        });
        assertThat(TestApp.as("alice", TestApp.target(APP, "uploads")).accept("application/json").get(String.class))
                .doesNotContain("\"name\":\"scratch\"");
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.scratch")).get().getStatus())
                .as("not a persistent table").isEqualTo(404);
    }

    @Test
    void aParquetFileIsATemporaryTableAndATemporaryCsvIsDescribedAndSettledAsAKeptOneIs(TestInfo info) throws IOException {
        Path parquet = file("pairs.parquet", ParquetLoadTest.fixture("nested.parquet"));
        Path bad = file("oops.csv", PreviewTest.stars().getBytes(StandardCharsets.UTF_8));
        screenshotOnFailure(info, () -> {
            open();
            browser.findElement(By.id("file")).sendKeys(parquet.toString());
            shown("step-where");
            browser.findElement(By.id("keep-temporary")).click();
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("done-summary")).getText())
                    .startsWith("Temporary table TAP_UPLOAD.pairs holds 2 rows until");
            // a temporary table is described and settled as a kept one is: its near miss waits for a choice
            open();
            browser.findElement(By.id("file")).sendKeys(bad.toString());
            shown("step-where");
            browser.findElement(By.id("keep-temporary")).click();
            goIsRefusedBeforeAnythingIsMade("Choose in step 2 what to do with the values of Dec", "near-miss-0-null",
                    "user_alice.oops");
            browser.findElement(By.id("near-miss-0-null")).click();
            // an upload the service refuses (mag-G, with its decimals, chosen as whole numbers) brings the form back as it was
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector(
                    "#columns tbody tr:nth-child(3) select"))).selectByValue("long");
            browser.findElement(By.id("go")).click();
            WebElement reason = waiting().until(d -> {
                WebElement e = d.findElement(By.id("where-error"));
                return e.isDisplayed() && !e.getText().isEmpty() ? e : null;
            });
            assertThat(reason.getText()).startsWith("The file was not taken:").contains("is not a long");
            assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("where-error");
            assertThat(browser.findElement(By.id("step-describe")).isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("keep-temporary")).isSelected()).isTrue();
            assertThat(browser.findElement(By.id("near-miss-0-null")).isSelected()).as("the choice kept").isTrue();
            assertThat(browser.findElement(By.id("step-load")).isDisplayed()).isFalse();
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector(
                    "#columns tbody tr:nth-child(3) select"))).selectByValue("double");
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("done-summary")).getText())
                    .startsWith("Temporary table TAP_UPLOAD.oops holds 2,000 rows until");
        });
        // the upload has step 2's names, types, units and UCDs, and the bad value as NULL
        JsonNode upload = StreamSupport.stream(new ObjectMapper().readTree(TestApp.as("alice", TestApp.target(APP,
                "uploads")).accept("application/json").get(String.class)).get("uploads").spliterator(), false)
                .filter(u -> u.get("name").asText().equals("oops")).findFirst().orElseThrow();
        JsonNode dec = upload.get("columns").get(1);
        assertThat(dec.get("datatype").asText()).isEqualTo("double");
        assertThat(dec.get("ucd").asText()).isEqualTo("pos.eq.dec;meta.main");
        assertThat(upload.get("columns").get(2).get("unit").asText()).isEqualTo("mag");
        long nulls = TestDatabase.jdbi(DATABASE).withHandle(h -> h.createQuery("SELECT count(*) FROM "
                + upload.get("table").asText() + " WHERE " + dec.get("physical_name").asText() + " IS NULL")
                .mapTo(Long.class).one());
        assertThat(nulls).isEqualTo(1L);
        screenshotOnFailure(info, () -> {
            // the other way is open too: a table kept until dropped, its bad value loaded as NULL
            open();
            browser.findElement(By.id("file")).sendKeys(bad.toString());
            shown("step-where");
            browser.findElement(By.id("near-miss-0-null")).click();
            waiting().until(d -> d.findElement(By.id("table-check")).getText().equals("This name is free."));
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("done-summary")).getText()).contains("2,000 rows");
        });
    }

    @Test
    void theQueryConsoleRunsAdqlShowsUnitsAndErrorsAndOffersDownloadsAndPyvo(TestInfo info) throws IOException {
        String doc = LoadTest.table("user_alice.console", new String[] {"id", "long"}, new String[] {"ra", "double"})
                .replace("<name>ra</name>", "<name>ra</name><unit>deg</unit>");
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.console")).put(Entity.entity(doc,
                "text/xml")).getStatus()).isEqualTo(201);
        TestApp.as("alice", TestApp.target(APP, "load/user_alice.console")).post(Entity.entity("id,ra\n1,10.5\n2,20.5\n",
                "text/csv")).close();
        screenshotOnFailure(info, () -> {
            open();
            browser.findElement(By.id("show-console")).click();
            WebElement adql = shown("console-adql");
            adql.clear();
            adql.sendKeys("SELECT id, ra FROM user_alice.console ORDER BY id");
            browser.findElement(By.id("console-run")).click();
            waiting().until(d -> d.findElements(By.cssSelector("#console-result tbody tr")).size() == 2);
            docShot("query-console");
            assertThat(browser.findElement(By.cssSelector("#console-result thead")).getText()).isEqualTo("id ra [deg]");
            assertThat(browser.findElement(By.cssSelector("#console-result tbody")).getText()).isEqualTo("1 10.5\n2 20.5");
            assertThat(browser.findElement(By.id("console-status")).getText()).startsWith("2 rows in");
            assertThat(browser.findElement(By.id("console-pyvo")).getText())
                    .contains("run_sync(\"SELECT id, ra FROM user_alice.console ORDER BY id\", maxrec=100)");
            // a refused query says why and where, and gives the box back
            adql.clear();
            adql.sendKeys("SELECT id FROM user_alice.console WHERE");
            browser.findElement(By.id("console-run")).click();
            WebElement error = waiting().until(d -> {
                WebElement e = d.findElement(By.id("console-error"));
                return e.getText().isEmpty() ? null : e;
            });
            assertThat(error.getText()).startsWith("The query was refused:").contains("line 1");
            assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("console-adql");
            // the whole result as a file
            adql.clear();
            adql.sendKeys("SELECT * FROM user_alice.console");
            browser.findElement(By.cssSelector("#console-form .download[data-format='csv']")).click();
            waiting().until(d -> d.findElement(By.id("console-status")).getText().startsWith("Downloaded result.csv"));
        });
    }

    @Test
    void theCatalogueCanBeBrowsedSchemaByTableByColumn(TestInfo info) throws IOException {
        screenshotOnFailure(info, () -> {
            open();
            browser.findElement(By.id("show-browse")).click();
            WebElement survey = waiting().until(d -> d.findElements(By.xpath("//ul[@id='browse-schemas']//button[text()="
                    + "'survey']")).stream().findFirst().orElse(null));
            assertThat(browser.findElements(By.xpath("//ul[@id='browse-schemas']//button[text()='tap_schema']")))
                    .hasSize(1);
            survey.click();
            assertThat(survey.getAttribute("aria-pressed")).isEqualTo("true");
            WebElement object = waiting().until(d -> d.findElements(By.xpath("//ul[@id='browse-tables']//button[text()="
                    + "'survey.Object']")).stream().findFirst().orElse(null));
            object.sendKeys(Keys.ENTER); // by keyboard too
            waiting().until(d -> d.findElement(By.id("browse-table")).getText().startsWith("survey.Object"));
            String columns = browser.findElement(By.id("browse-columns")).getText();
            assertThat(columns).contains("objectId").contains("long").contains("ra").contains("deg");
        });
    }

    /** Presses Tab until the focus is on what {@code wanted} accepts, and checks that the focus shows. */
    @Test
    void aNearMissIsSettledAndTheNewTableQueriedByKeyboardAlone(TestInfo info) throws IOException {
        Path data = file("keyed.csv", PreviewTest.stars().getBytes(StandardCharsets.UTF_8));
        screenshotOnFailure(info, () -> {
            open();
            tabTo(id("file"), "the file picker").sendKeys(data.toString());
            shown("near-miss-0");
            tabTo(id("near-miss-0-null"), "the choice to load the bad values as NULL").sendKeys(Keys.SPACE);
            assertThat(browser.findElement(By.id("near-miss-0-null")).isSelected()).isTrue();
            waiting().until(d -> d.findElement(By.id("table-check")).getText().equals("This name is free."));
            tabTo(id("go"), "the button that creates the table").sendKeys(Keys.ENTER);
            shown("step-done");
            tabTo(id("query-it"), "the button that queries the new table").sendKeys(Keys.ENTER);
            assertThat(shown("console-adql").getAttribute("value")).isEqualTo("SELECT TOP 10 * FROM user_alice.keyed");
            tabTo(id("console-run"), "the button that runs the query").sendKeys(Keys.ENTER);
            waiting().until(d -> d.findElements(By.cssSelector("#console-result tbody tr")).size() == 10);
            tabTo(id("show-steps"), "the way back to the steps");
        });
    }

    static WebElement tabTo(java.util.function.Predicate<WebElement> wanted, String what) {
        for (int i = 0; i < 300; i++) {
            new org.openqa.selenium.interactions.Actions(browser).sendKeys(Keys.TAB).perform();
            WebElement focused = browser.switchTo().activeElement();
            if (wanted.test(focused)) {
                Object outline = ((JavascriptExecutor) browser).executeScript(
                        "return getComputedStyle(document.activeElement).outlineStyle");
                assertThat(outline).as("the focus on %s is visible", what).isEqualTo("solid");
                return focused;
            }
        }
        throw new AssertionError("Tab never reached " + what);
    }

    static java.util.function.Predicate<WebElement> id(String id) {
        return e -> id.equals(e.getAttribute("id"));
    }

    @Test
    void aBadRowShowsItsMessageAndTheWholeFlowWorksByKeyboard(TestInfo info) throws IOException {
        Path data = file("broken.csv", "id,ra\n1,1.5\n2,abc\n".getBytes(StandardCharsets.UTF_8));
        screenshotOnFailure(info, () -> {
            open(); // the token is typed, then Enter
            // a file input takes its path by keys once it has the focus
            tabTo(id("file"), "the file picker").sendKeys(data.toString());
            shown("step-describe");
            // the column is typed char from the bad value; say it is a double
            tabTo(e -> "type of ra".equals(e.getAttribute("aria-label")), "the type of ra").sendKeys("double");
            tabTo(id("ucd-1"), "the UCD of ra").sendKeys("pos.eq.ra");
            tabTo(id("share-private"), "who may read it");
            tabTo(id("go"), "the button that creates the table").sendKeys(Keys.ENTER);
            shown("step-load");
            waiting().until(d -> !d.findElement(By.id("load-error")).getText().isEmpty());
            assertThat(browser.findElement(By.id("load-error")).getText())
                    .contains("row 2, column 'ra': 'abc' is not a double");
            assertThat(browser.findElement(By.id("load-help")).getText()).contains("The column ra is marked in step 2");
            // put right from where it went wrong: the empty table goes, the column is marked, the focus on it
            WebElement retry = browser.switchTo().activeElement();
            assertThat(retry.getAttribute("id")).isEqualTo("retry");
            retry.sendKeys(Keys.ENTER);
            WebElement marked = waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                WebElement e = d.switchTo().activeElement();
                return "type of ra".equals(e.getAttribute("aria-label")) ? e : null;
            });
            assertThat(marked.getAttribute("aria-invalid")).isEqualTo("true");
            marked.sendKeys("char");
            waiting().until(d -> d.findElement(By.id("table-check")).getText().equals("This name is free."));
            tabTo(id("go"), "the button that creates the table").sendKeys(Keys.ENTER);
            shown("step-done");
            assertThat(browser.findElement(By.id("done-summary")).getText()).contains("2 rows");
        });
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.broken")).get(String.class))
                .contains("arraysize=\"*\">char</dataType>");
    }
}
