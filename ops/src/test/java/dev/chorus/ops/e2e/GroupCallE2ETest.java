package dev.chorus.ops.e2e;

import static dev.chorus.ops.e2e.PeerStats.audioPackets;
import static dev.chorus.ops.e2e.PeerStats.framesDecoded;
import static dev.chorus.ops.e2e.PeerStats.videoPackets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.ops.ChorusNode;
import dev.chorus.ops.HttpProbe;
import dev.chorus.ops.WsProbe;
import dev.chorus.ops.metrics.MetricsAssertions;
import dev.chorus.ops.metrics.PrometheusText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A group call in real headless Chromium through the shipped web client and a real node: every packet goes
 * through Chorus's ICE, DTLS, SRTP and forwarding. The steps build on each other (one meeting, one browser).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupCallE2ETest {
    private static final String ROOM = "e2e-room";
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(45);

    private ChorusNode node;
    private ChromeDriver driver;
    private final List<Tab> tabs = new ArrayList<>();

    @BeforeAll
    void start() {
        node = TestNode.start();
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

    private Tab join(String peerId) {
        return join(peerId, peerId);
    }

    private Tab join(String peerId, String displayName) {
        String url = node.url() + "?roomId=" + ROOM + "&peerId=" + peerId + "&displayName="
                + java.net.URLEncoder.encode(displayName, java.nio.charset.StandardCharsets.UTF_8)
                + "&width=320&height=240&fps=15";
        Tab t = Tab.open(driver, url, peerId, tabs.isEmpty());
        tabs.add(t);
        return t;
    }

    /** Waits until {@code tab} decodes video and receives audio from each of {@code from}, and both keep growing. */
    private void assertReceivesFrom(Tab tab, List<String> from) {
        Await.until(MEDIA_TIMEOUT, () -> {
            JsonNode s = tab.eval("window.chorus.stats()");
            for (String p : from) {
                if (framesDecoded(s, p) <= 0 || audioPackets(s, p) <= 0) {
                    return tab.name + " has no media yet from " + p + ": " + s;
                }
            }
            return null;
        });
        JsonNode before = tab.eval("window.chorus.stats()");
        Await.pause(2000);
        JsonNode after = tab.eval("window.chorus.stats()");
        for (String p : from) {
            assertTrue(framesDecoded(after, p) > framesDecoded(before, p),
                    tab.name + ": frames decoded from " + p + " did not grow: " + before + " -> " + after);
            assertTrue(audioPackets(after, p) > audioPackets(before, p),
                    tab.name + ": audio packets from " + p + " did not grow: " + before + " -> " + after);
        }
    }

    @Test
    @Order(1)
    void threeParticipantsSeeAndHearEachOther() {
        Tab a = join("alice");
        Tab b = join("bob");
        Tab c = join("carol", "Carol Smith");
        assertReceivesFrom(a, List.of("bob", "carol"));
        assertReceivesFrom(b, List.of("alice", "carol"));
        assertReceivesFrom(c, List.of("alice", "bob"));
        assertEquals(2, a.count(".tile[data-peer-id]"), "alice shows one tile per remote participant");
        assertEquals("Carol Smith", a.text(".tile[data-peer-id=carol] .name"), "tiles show display names");
        a.screenshot("three-participants-alice");
    }

    @Test
    @Order(2)
    void malformedSignalingGetsErrorsAndTheRoomKeepsWorking() {
        String ws = node.url().replace("http://", "ws://") + "?roomId=" + ROOM + "&peerId=mallory";
        try (WsProbe bad = WsProbe.open(java.net.http.HttpClient.newHttpClient(), java.net.URI.create(ws), "protoo")) {
            bad.send("this is not json");
            assertError(bad.responseTo(0), "malformed JSON");
            bad.send("[1,2,3]");
            assertError(bad.responseTo(0), "must be a JSON object");
            bad.send("{\"request\":true,\"id\":\"seven\",\"method\":\"join\",\"data\":{}}");
            assertError(bad.responseTo(0), "id must be");
            bad.sendBinary(new byte[] {1, 2, 3});
            assertError(bad.request(11, "noSuchMethod", "{}"), "unknown method");
            assertError(bad.request(12, "produce", "{\"transportId\":\"x\",\"kind\":\"audio\",\"rtpParameters\":{}}"),
                    "not joined");
            assertError(bad.request(13, "connectWebRtcTransport",
                    "{\"transportId\":\"nope\",\"dtlsParameters\":{\"fingerprints\":[]}}"), "not found");
            assertError(bad.request(14, "createWebRtcTransport", "{}"), "missing field");
            JsonNode created = bad.request(15, "createWebRtcTransport",
                    "{\"forceTcp\":false,\"producing\":true,\"consuming\":false}");
            assertTrue(created.path("ok").asBoolean(), created.toString());
            String transportId = created.path("data").path("id").asText();
            assertError(bad.request(16, "connectWebRtcTransport",
                    "{\"transportId\":\"" + transportId + "\",\"dtlsParameters\":{\"role\":\"client\"}}"),
                    "fingerprints");
            assertError(bad.request(17, "join", "{\"displayName\":\"m\",\"rtpCapabilities\":{\"codecs\":\"x\"}}"),
                    "rtpCapabilities");
            JsonNode joined = bad.request(18, "join", "{\"displayName\":\"mallory\",\"device\":{}}");
            assertTrue(joined.path("ok").asBoolean(), joined.toString());
            assertEquals(3, joined.path("data").path("peers").size(), "the three browsers are in the room");
            assertError(bad.request(19, "join", "{\"displayName\":\"again\"}"), "already joined");
            assertError(bad.request(20, "produce", "{\"transportId\":\"" + transportId + "\",\"kind\":\"video\","
                    + "\"rtpParameters\":{\"codecs\":[{\"mimeType\":\"video/AV1\",\"payloadType\":45,"
                    + "\"clockRate\":90000}],\"encodings\":[{\"ssrc\":1111}]}}"), "unsupported codec");
            assertError(bad.request(21, "produce", "{\"transportId\":\"" + transportId + "\",\"kind\":\"video\","
                    + "\"rtpParameters\":{\"codecs\":[{\"mimeType\":\"video/VP8\",\"payloadType\":\"x\"}]}}"),
                    "rtpParameters");
            assertError(bad.request(22, "getProducerStats", "{\"producerId\":\"nope\"}"), "not found");
            JsonNode caps = bad.request(23, "getRouterRtpCapabilities", "{}");
            assertTrue(caps.path("ok").asBoolean() && caps.path("data").path("codecs").isArray(),
                    "the connection still works after the bad input: " + caps);
            assertFalse(bad.isClosed());
            assertEquals(6L, node.media().counters().get("producers"),
                    "only the browsers' six producers exist: the bad requests created none");
        }
        for (Tab t : tabs) {
            Await.until(Duration.ofSeconds(10), () -> t.count(".tile[data-peer-id=mallory]") == 0 ? null
                    : t.name + " still shows mallory after it left");
        }
        assertReceivesFrom(tabs.get(0), List.of("bob", "carol"));
        assertReceivesFrom(tabs.get(1), List.of("alice", "carol"));
    }

    private static void assertError(JsonNode response, String reasonPart) {
        assertFalse(response.path("ok").asBoolean(true), "expected an error response: " + response);
        String reason = response.path("errorReason").asText("");
        assertTrue(reason.contains(reasonPart), "error reason '" + reason + "' should mention '" + reasonPart + "'");
        assertTrue(response.path("errorCode").asInt() >= 400, "error code: " + response);
    }

    @Test
    @Order(3)
    void aLateJoinerReceivesAllExistingProducers() {
        Tab d = join("dave");
        assertReceivesFrom(d, List.of("alice", "bob", "carol"));
        assertReceivesFrom(tabs.get(0), List.of("bob", "carol", "dave"));
    }

    @Test
    @Order(4)
    void pausingAProducerStopsPacketsAndResumingRestartsDecoding() {
        Tab alice = tabs.get(0);
        Tab bob = tabs.get(1);
        alice.click("#btn-cam");
        alice.click("#btn-mic");
        Await.pause(1500);
        bob.screenshot("alice-paused-seen-by-bob");
        JsonNode before = bob.eval("window.chorus.stats()");
        Await.pause(2500);
        JsonNode after = bob.eval("window.chorus.stats()");
        long video = videoPackets(after, "alice") - videoPackets(before, "alice");
        long audio = audioPackets(after, "alice") - audioPackets(before, "alice");
        assertTrue(video <= 2, "video packets from alice kept flowing while paused: " + video);
        assertTrue(audio <= 2, "audio packets from alice kept flowing while paused: " + audio);
        assertTrue(framesDecoded(after, "carol") > framesDecoded(before, "carol"), "carol's video is unaffected");

        alice.click("#btn-cam");
        alice.click("#btn-mic");
        JsonNode resumedFrom = bob.eval("window.chorus.stats()");
        Await.until(MEDIA_TIMEOUT, () -> {
            JsonNode s = bob.eval("window.chorus.stats()");
            return framesDecoded(s, "alice") > framesDecoded(resumedFrom, "alice") + 10
                    && audioPackets(s, "alice") > audioPackets(resumedFrom, "alice") + 10 ? null
                    : "bob does not decode alice again after resume: " + s;
        });
    }

    @Test
    @Order(5)
    void aLeavingParticipantsTileDisappearsWithinFiveSeconds() {
        Tab carol = tabs.get(2);
        carol.click("#btn-leave");
        for (Tab t : List.of(tabs.get(0), tabs.get(1), tabs.get(3))) {
            Await.until(Duration.ofSeconds(5), () -> t.count(".tile[data-peer-id=carol]") == 0 ? null
                    : t.name + " still shows carol");
        }
        assertReceivesFrom(tabs.get(3), List.of("alice", "bob"));
    }

    /**
     * Acceptance of {@code /metrics}: while alice, bob and dave are in the call, the node's metrics parse strictly
     * as the Prometheus text format and count the peers, producers, consumers, forwarded packets and their
     * transit times.
     */
    @Test
    @Order(6)
    void metricsCountTheCallAndParseAsThePrometheusTextFormat() {
        String url = "http://127.0.0.1:" + node.httpPort() + "/metrics";
        HttpProbe probe = new HttpProbe();
        Map<String, PrometheusText.Family> f = PrometheusText.parse(probe.get(url).body());
        double forwardedBefore = MetricsAssertions.value(f, "chorus_media_forwarded_packets_total");
        assertTrue(MetricsAssertions.value(f, "chorus_media_peers") >= 3, "three peers with media: " + f.get(
                "chorus_media_peers"));
        assertTrue(MetricsAssertions.value(f, "chorus_media_producers") >= 6, "audio and video of each of three");
        assertTrue(MetricsAssertions.value(f, "chorus_media_consumers") >= 12, "each peer consumes four tracks");
        assertTrue(MetricsAssertions.value(f, "chorus_cluster_entities{type=\"peer\"}") >= 3);
        assertTrue(forwardedBefore > 0, "forwarded packets are counted");
        assertTrue(MetricsAssertions.value(f, "chorus_media_transit_seconds_count") > 0, "and timed");
        assertTrue(MetricsAssertions.value(f, "chorus_media_sent_bytes_total{kind=\"rtp\"}") > 0);
        assertTrue(MetricsAssertions.value(f, "chorus_signaling_requests_total{method=\"produce\"}") >= 6);
        Await.pause(1000);
        Map<String, PrometheusText.Family> later = PrometheusText.parse(probe.get(url).body());
        assertTrue(MetricsAssertions.value(later, "chorus_media_forwarded_packets_total") > forwardedBefore,
                "the forwarded packet counter grows while the call goes on");
    }
}
