package dev.integratedauth.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.integratedauth.testing.CodeShape;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LogHygiene;
import dev.integratedauth.testing.TestCaller;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The home page in a real headless browser (Debian's chromium and chromium-driver, which .ci/run installs): a person
 * is turned away without a token, then with one gets a code, verifies it (valid), and verifies it again (not valid).
 */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
@ExtendWith(LogHygiene.class)
class HomePageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path profile;

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!installed && System.getenv("CI") != null) {
            throw new AssertionError("CI must install chromium and chromium-driver (.ci/run does)");
        }
        Assumptions.assumeTrue(installed, "apt-get install chromium chromium-driver to run the browser test");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--user-data-dir=" + profile.toAbsolutePath());
        // The driver is given, so Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPersonGetsACodeVerifiesItOnceAndNotTwice() {
        browser.get("http://127.0.0.1:" + RestAssured.port + "/");
        assertEquals("integrated-auth", browser.getTitle());

        browser.findElement(By.id("get-code")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "No code: Authentication required"));
        // Outside dev mode the page has no token of its own: a person pastes theirs.
        browser.findElement(By.id("token-input")).sendKeys(TestCaller.authorization().substring("Bearer ".length()));

        browser.findElement(By.id("get-code")).click();
        wait.until(ExpectedConditions.textMatches(By.id("code"), java.util.regex.Pattern.compile(CodeShape.CODE)));
        String code = browser.findElement(By.id("code")).getText();
        assertEquals(code, browser.findElement(By.id("code-input")).getDomProperty("value"),
                "the code is ready to verify");

        browser.findElement(By.id("verify")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "is valid"));
        assertTrue(browser.findElement(By.id("result")).getText().startsWith(code));

        browser.findElement(By.id("verify")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Not valid"));

        assertFalse(browser.findElement(By.id("behind-the-scenes")).isDisplayed(),
                "the local Azure's view is for dev mode only");
    }
}
