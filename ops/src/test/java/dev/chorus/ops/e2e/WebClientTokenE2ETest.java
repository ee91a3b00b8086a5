package dev.chorus.ops.e2e;

import static dev.chorus.ops.e2e.PeerStats.framesDecoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.ops.ChorusNode;
import dev.chorus.ops.HttpProbe;
import dev.chorus.ops.LoopbackNode;
import dev.chorus.ops.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Chorus's own web client on a node that requires join tokens, in headless Chromium: a meeting link from
 * {@code POST /api/tokens} joins with the token's name; a viewer's link joins without asking for camera or
 * microphone and receives the host; a link with an expired token ends on a page that says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebClientTokenE2ETest {
    private static final String SECRET = "web-client-token-test-secret-32-bytes+";
    private static final String ADMIN = "web-client-token-test-admin";
    private static final String ROOM = "token-room";

    private ChorusNode node;
    private ChromeDriver driver;
    private final HttpProbe http = new HttpProbe();

    @BeforeAll
    void start() {
        node = LoopbackNode.start("chorus.media.workers = 1\nchorus.auth.secret = \"" + SECRET + "\"\n"
                + "chorus.auth.admin-token = \"" + ADMIN + "\"\n");
        driver = Chromium.launch();
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (node != null) {
            node.close();
        }
    }

    /** The meeting link the API gives for a token ({@code url}, relative to the node). */
    private String link(String peerId, String name, String role) {
        HttpProbe.Reply r = http.send("POST", "http://localhost:" + node.httpPort() + "/api/tokens",
                "{\"roomId\":\"" + ROOM + "\",\"peerId\":\"" + peerId + "\",\"displayName\":\"" + name + "\","
                        + "\"role\":\"" + role + "\"}", ADMIN);
        assertEquals(200, r.status(), r.body());
        return "http://localhost:" + node.httpPort() + r.json().path("url").asText() + "&width=320&height=240&fps=15";
    }

    @Test
    void linksWithTokensJoinAndAnExpiredOneSaysSo() {
        Tab host = Tab.open(driver, link("hanna", "Hanna", "host"), "host", true);
        Tab viewer = Tab.open(driver, link("vik", "Vik", "viewer"), "viewer", false);
        Await.until(Duration.ofSeconds(30), () -> viewer.eval("window.chorus.joined").asBoolean()
                && framesDecoded(viewer.eval("window.chorus.stats()"), "hanna") > 10 ? null
                : "the viewer does not receive the host yet: " + viewer.eval("window.chorus.stats()"));
        assertEquals(0, viewer.eval("window.chorus.producerIds()").size(), "a viewer publishes nothing");
        Await.until(Duration.ofSeconds(10), () -> host.eval("window.chorus.remotePeers()").toString()
                .contains("\"displayName\":\"Vik\"") ? null : "the host does not list Vik: "
                + host.eval("window.chorus.remotePeers()"));
        assertEquals(2, host.eval("window.chorus.producerIds()").size(), "the host publishes audio and video");

        Instant past = Instant.now().minusSeconds(7200);
        String expired = TestTokens.hs256(SECRET, TestTokens.claims(ROOM, "late", "guest")
                .issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))).build());
        Tab late = Tab.open(driver, "http://localhost:" + node.httpPort() + "/?roomId=" + ROOM + "&peerId=late&token="
                + URLEncoder.encode(expired, StandardCharsets.UTF_8), "late", false);
        Await.until(Duration.ofSeconds(20), () -> late.text("#ended-title").equals("Not let in") ? null
                : "the page shows '" + late.text("#status") + "'");
        assertTrue(late.text("#ended-detail").contains("the token expired at"), late.text("#ended-detail"));
        JsonNode peers = host.eval("window.chorus.remotePeers()");
        assertEquals(1, peers.size(), "the refused page never joined: " + peers);
    }
}
