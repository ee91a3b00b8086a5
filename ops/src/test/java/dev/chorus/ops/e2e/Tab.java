package dev.chorus.ops.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/** One browser tab (one participant); every call switches the shared driver to this tab first. */
final class Tab {
    private static final ObjectMapper JSON = new ObjectMapper();

    final ChromeDriver driver;
    final String handle;
    final String name;

    private Tab(ChromeDriver driver, String handle, String name) {
        this.driver = driver;
        this.handle = handle;
        this.name = name;
    }

    /** Opens {@code url} in the driver's first tab if it is blank, else in a new tab. */
    static Tab open(ChromeDriver driver, String url, String name, boolean firstTab) {
        if (!firstTab) {
            driver.switchTo().newWindow(WindowType.TAB);
        }
        driver.get(url);
        return new Tab(driver, driver.getWindowHandle(), name);
    }

    private void focus() {
        if (!handle.equals(driver.getWindowHandle())) {
            driver.switchTo().window(handle);
        }
    }

    /** Evaluates an async JS expression (a promise) and returns its JSON value. */
    synchronized JsonNode eval(String promiseExpression) {
        focus();
        Object raw = driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "Promise.resolve().then(() => " + promiseExpression + ")"
                        + ".then(v => done(JSON.stringify(v === undefined ? null : v)))"
                        + ".catch(e => done(JSON.stringify({__error: String(e && e.stack || e)})));");
        try {
            JsonNode n = JSON.readTree(String.valueOf(raw));
            if (n != null && n.has("__error")) {
                throw new AssertionError(name + ": script failed: " + n.get("__error").asText());
            }
            return n;
        } catch (java.io.IOException e) {
            throw new AssertionError(name + ": bad JSON from the page: " + raw, e);
        }
    }

    void click(String css) {
        focus();
        driver.findElement(By.cssSelector(css)).click();
    }

    String text(String css) {
        focus();
        return driver.findElement(By.cssSelector(css)).getText();
    }

    int count(String css) {
        focus();
        return driver.findElements(By.cssSelector(css)).size();
    }

    /** Saves what this tab shows as a PNG under target/e2e-screenshots (for people reading a failed run). */
    void screenshot(String name) {
        focus();
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "e2e-screenshots");
            java.nio.file.Files.createDirectories(dir);
            byte[] png = driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            java.nio.file.Files.write(dir.resolve(name + ".png"), png);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void close() {
        focus();
        driver.close();
    }
}
