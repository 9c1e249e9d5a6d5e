package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    static WebDriver browser;
    static Path profile;

    @BeforeAll
    static void browser() throws IOException {
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
            open();
            browser.findElement(By.id("file")).sendKeys(data.toString());
            shown("step-describe");
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
            columnInput("unit", 3).sendKeys("mag");
            columnInput("unit", 1).sendKeys("deg");
            assertThat(browser.findElement(By.id("table")).getAttribute("value")).isEqualTo("bright_stars");
            waiting().until(d -> d.findElement(By.id("table-check")).getText().equals("This name is free."));
            browser.findElement(By.id("share-group")).click();
            browser.findElement(By.id("group")).sendKeys("astro");
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("bar")).getAttribute("value")).isEqualTo("100");
            assertThat(browser.findElement(By.id("done-summary")).getText()).contains("5,000 rows")
                    .doesNotContain("not shared");
            assertThat(browser.findElement(By.id("adql")).getText()).isEqualTo("SELECT TOP 10 * FROM user_alice.bright_stars");
        });
        String table = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.bright_stars")).get(String.class);
        assertThat(table).contains("<unit>mag</unit>").contains("<ucd>phot.mag;em.opt.V</ucd>").contains("<unit>deg</unit>");
        assertThat(TestApp.as("alice", TestApp.target(APP, "permissions/user_alice.bright_stars")).get(String.class))
                .contains("r-group=astro");
        assertThat(TestApp.as("bob", TestApp.target(APP, "tables/user_alice.bright_stars")).get().getStatus())
                .as("shared with astro, which bob is in").isEqualTo(200);
        // found in "My tables", and dropped there after a confirmation (a first "no" keeps it)
        screenshotOnFailure(info, () -> {
            browser.findElement(By.id("show-mine")).click();
            WebElement drop = waiting().until(d -> d.findElements(By.cssSelector("#mine-list button[aria-label='drop "
                    + "user_alice.bright_stars']")).stream().findFirst().orElse(null));
            drop.click();
            browser.switchTo().alert().dismiss();
            assertThat(browser.findElements(By.cssSelector("#mine-list tbody tr"))).isNotEmpty();
            drop.click();
            browser.switchTo().alert().accept();
            waiting().until(d -> d.findElement(By.id("mine-status")).getText().equals("user_alice.bright_stars was dropped."));
        });
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.bright_stars")).get().getStatus())
                .isEqualTo(404);
    }

    @Test
    void aFitsFileGoesThroughThePageWithItsOwnTypes(TestInfo info) throws IOException {
        Path data = file("fits_stars.fits", StilLoadTest.file("fits"));
        screenshotOnFailure(info, () -> {
            open();
            browser.findElement(By.id("file")).sendKeys(data.toString());
            shown("step-describe");
            assertThat(browser.findElements(By.cssSelector("#columns tbody tr"))).hasSize(10);
            browser.findElement(By.id("go")).click();
            shown("step-done");
            assertThat(browser.findElement(By.id("done-summary")).getText()).contains("3 rows");
        });
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.fits_stars")).get(String.class))
                .contains("extendedType=\"point\"");
    }

    @Test
    void aBadRowShowsItsMessageAndTheWholeFlowWorksByKeyboard(TestInfo info) throws IOException {
        Path data = file("broken.csv", "id,ra\n1,1.5\n2,abc\n".getBytes(StandardCharsets.UTF_8));
        screenshotOnFailure(info, () -> {
            open();
            browser.findElement(By.id("file")).sendKeys(data.toString()); // a file input takes its path by keys
            shown("step-describe");
            // the column is typed char from the bad value; say it is a double, by keyboard
            WebElement type = browser.findElements(By.cssSelector("#columns select")).get(1);
            ((JavascriptExecutor) browser).executeScript("arguments[0].focus()", type);
            type.sendKeys("double");
            WebElement name = browser.findElement(By.id("table"));
            name.click();
            name.sendKeys(Keys.END, Keys.ENTER); // Enter in the form submits it
            shown("step-load");
            waiting().until(d -> !d.findElement(By.id("load-error")).getText().isEmpty());
            assertThat(browser.findElement(By.id("load-error")).getText())
                    .contains("row 2, column 'ra': 'abc' is not a double");
        });
    }
}
