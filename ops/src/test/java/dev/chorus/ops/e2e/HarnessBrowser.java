package dev.chorus.ops.e2e;

import java.io.IOException;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * One headless Chromium and the harness pages (the plain mediasoup-client app in {@code ops/src/test/web}) that the
 * browser tests load into it: launched together, closed together. Tabs opened here share the browser; the first
 * one takes its initial window.
 */
final class HarnessBrowser implements AutoCloseable {
    private final StaticFiles harness;
    private final ChromeDriver driver;

    private HarnessBrowser(StaticFiles harness, ChromeDriver driver) {
        this.harness = harness;
        this.driver = driver;
    }

    static HarnessBrowser launch() throws IOException {
        StaticFiles harness = new StaticFiles("harness");
        try {
            return new HarnessBrowser(harness, Chromium.launch());
        } catch (RuntimeException e) {
            harness.close();
            throw e;
        }
    }

    /** A tab of the harness page, named {@code name} (screenshots, messages). */
    Tab harness(String name, boolean firstTab) {
        return Tab.open(driver, harness.url(), name, firstTab);
    }

    /** A tab of any page, e.g. the node's own web client. */
    Tab page(String url, String name, boolean firstTab) {
        return Tab.open(driver, url, name, firstTab);
    }

    /** The signaling URL a harness tab joins {@code room} with as {@code peerId} on the node at {@code httpPort}. */
    static String wsUrl(int httpPort, String room, String peerId) {
        return "ws://localhost:" + httpPort + "/?roomId=" + room + "&peerId=" + peerId;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            harness.close();
        }
    }
}
