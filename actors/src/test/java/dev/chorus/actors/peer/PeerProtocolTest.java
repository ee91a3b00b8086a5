package dev.chorus.actors.peer;

import static dev.chorus.actors.Json.obj;
import static dev.chorus.actors.TestSession.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.Json;
import dev.chorus.actors.TestSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The room protocol as one peer speaks it, through a sharded PeerEntity with a probe as its signaling session:
 * handshake, request validation (400/403/404/500/501) and the legacy vs 2025 response shapes.
 */
class PeerProtocolTest {
    private static final Pattern HEX_PAIRS = Pattern.compile("([0-9A-F]{2}:)+[0-9A-F]{2}");
    private static final AtomicInteger ROOMS = new AtomicInteger();

    private static ChorusTestNode node;
    private final List<TestSession> opened = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        node = ChorusTestNode.start("PeerProtocolTest");
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void closeSessionsAndCheckMediaIsReleased() {
        opened.forEach(TestSession::close);
        node.awaitCounter("producers", 0);
        node.awaitCounter("transports", 0);
        node.awaitCounter("routers", 0);
    }

    private static String newRoom(String what) {
        return "proto-" + what + "-" + ROOMS.incrementAndGet();
    }

    private TestSession open(String room, String peerId, boolean legacyHint) {
        TestSession s = node.session(room, peerId).attach(legacyHint);
        opened.add(s);
        return s;
    }

    private static ObjectNode sendTransport() {
        return obj("{'forceTcp':false,'producing':true,'consuming':false}");
    }

    private static ObjectNode recvTransport() {
        return obj("{'forceTcp':false,'producing':false,'consuming':true}");
    }

    private static ObjectNode join(String displayName) {
        return obj("{'displayName':'" + displayName + "','device':{'flag':'chrome','name':'Chrome','version':'126'}}");
    }

    /** A Chrome-shaped opus produce request (fixture SSRC 2718281828, mid "0"). */
    static ObjectNode produceOpus(String transportId) {
        ObjectNode data = obj("{'kind':'audio','appData':{'source':'mic'}}");
        data.put("transportId", transportId);
        data.set("rtpParameters", Json.fixture("producer-audio-opus-chrome.json"));
        return data;
    }

    /** The same with another SSRC and mid, for a further producer on the same transport. */
    static ObjectNode produceOpus(String transportId, long ssrc, String mid) {
        ObjectNode data = produceOpus(transportId);
        ((ObjectNode) data.get("rtpParameters")).put("mid", mid);
        ((ObjectNode) data.at("/rtpParameters/encodings/0")).put("ssrc", ssrc);
        return data;
    }

    @Test
    void handshakeAnswersCapabilitiesTransportAndJoin() {
        TestSession s = open(newRoom("handshake"), "alice", true);

        JsonNode caps = s.ok("getRouterRtpCapabilities", Json.object());
        JsonNode opus = null;
        for (JsonNode c : caps.get("codecs")) {
            if ("audio/opus".equals(c.path("mimeType").asText())) {
                opus = c;
            }
        }
        assertTrue(opus != null, () -> "no opus in " + caps);
        assertEquals(100, opus.get("preferredPayloadType").asInt());
        assertEquals(48000, opus.get("clockRate").asInt());
        assertEquals(2, opus.get("channels").asInt());
        assertTrue(caps.get("headerExtensions").size() > 0);
        assertEquals(caps.get("codecs"), caps.at("/routerRtpCapabilities/codecs"));
        assertEquals(caps.get("headerExtensions"), caps.at("/routerRtpCapabilities/headerExtensions"));
        assertFalse(caps.get("routerRtpCapabilities").has("routerRtpCapabilities"), "no nesting twice");

        JsonNode t = s.ok("createWebRtcTransport", sendTransport());
        String id = t.get("id").asText();
        assertFalse(id.isEmpty());
        assertEquals(id, t.get("transportId").asText());
        assertTrue(t.at("/iceParameters/iceLite").asBoolean(false), () -> "iceLite in " + t);
        assertFalse(t.at("/iceParameters/usernameFragment").asText().isEmpty());
        assertTrue(t.at("/iceParameters/password").asText().length() >= 22, "ICE password of 22+ chars");
        JsonNode udp = candidate(t, "udp");
        assertEquals(node.media().udpPort(), udp.get("port").asInt());
        assertEquals("127.0.0.1", udp.get("ip").asText());
        assertEquals("host", udp.get("type").asText());
        assertEquals("auto", t.at("/dtlsParameters/role").asText());
        JsonNode fps = t.at("/dtlsParameters/fingerprints");
        assertEquals(5, fps.size(), () -> "fingerprints " + fps);
        assertEquals("sha-256", fps.get(fps.size() - 1).get("algorithm").asText());
        String sha256 = fps.get(fps.size() - 1).get("value").asText();
        assertTrue(HEX_PAIRS.matcher(sha256).matches() && sha256.length() == 32 * 3 - 1, sha256);
        node.awaitCounter("transports", 1);

        JsonNode joined = s.ok("join", join("Alice"));
        assertTrue(joined.get("peers").isArray());
        assertEquals(0, joined.get("peers").size());

        assertError(s.error("join", join("Alice")), 403, "Peer already joined");
    }

    private static JsonNode candidate(JsonNode transport, String protocol) {
        for (JsonNode c : transport.get("iceCandidates")) {
            if (protocol.equals(c.get("protocol").asText())) {
                return c;
            }
        }
        throw new AssertionError("no " + protocol + " candidate in " + transport.get("iceCandidates"));
    }

    static Stream<Arguments> transportVariants() {
        return Stream.of(
                Arguments.of("{'producing':true,'consuming':false}", true),
                Arguments.of("{'forceTcp':false,'producing':false,'consuming':true}", true),
                Arguments.of("{'forceTcp':true,'producing':true,'consuming':false}", false),
                Arguments.of("{'appData':{'direction':'producer'}}", true),
                Arguments.of("{'forceTcp':true,'appData':{'direction':'consumer'}}", false));
    }

    @ParameterizedTest
    @MethodSource("transportVariants")
    void transportCandidatesFollowForceTcp(String request, boolean udpExpected) {
        TestSession s = open(newRoom("candidates"), "bob", true);
        JsonNode t = s.ok("createWebRtcTransport", obj(request));
        boolean hasUdp = false;
        for (JsonNode c : t.get("iceCandidates")) {
            hasUdp |= "udp".equals(c.get("protocol").asText());
        }
        assertEquals(udpExpected, hasUdp, () -> "candidates " + t.get("iceCandidates"));
        JsonNode tcp = candidate(t, "tcp");
        assertEquals(node.media().tcpPort(), tcp.get("port").asInt());
        assertEquals("passive", tcp.get("tcpType").asText());
    }

    static Stream<Arguments> beforeJoin() {
        return Stream.of(
                Arguments.of("produce", "{}", 403, "peer not joined"),
                Arguments.of("produce", "{'transportId':'$T','kind':'audio'}", 403, "peer not joined"),
                Arguments.of("changeDisplayName", "{'displayName':'X'}", 403, "peer not joined"),
                Arguments.of("join", "{'displayName':'X','rtpCapabilities':{'codecs':[{'kind':'audio',"
                        + "'mimeType':'opus','clockRate':48000}]}}", 400, "invalid rtpCapabilities"),
                Arguments.of("getProducerStats", "{'producerId':'p1'}", 404, "producer 'p1' not found"));
    }

    @ParameterizedTest
    @MethodSource("beforeJoin")
    void requestsBeforeJoinAreRefused(String method, String data, int code, String reason) {
        TestSession s = open(newRoom("before-join"), "carol", true);
        String t = s.ok("createWebRtcTransport", sendTransport()).get("id").asText();
        assertError(s.error(method, obj(data.replace("$T", t))), code, reason);
        // The refusal changed nothing: the peer can still join and produce.
        assertEquals(0, s.ok("join", join("Carol")).get("peers").size());
        assertFalse(s.ok("produce", produceOpus(t)).get("id").asText().isEmpty());
    }

    static Stream<Arguments> badRequests() {
        String fp = "'fingerprints':[{'algorithm':'sha-256','value':'AB:CD'}]";
        return Stream.of(
                Arguments.of("fooBar", "{}", 500, "unknown method 'fooBar'"),
                Arguments.of("getRouterRtpCapabilities", "[]", 400, "request data must be an object"),
                Arguments.of("createWebRtcTransport", "{}", 400, "missing field 'consuming'"),
                Arguments.of("connectWebRtcTransport", "{}", 400, "missing field 'transportId'"),
                Arguments.of("connectWebRtcTransport", "{'transportId':''}", 400,
                        "field 'transportId' must be a non-empty string"),
                Arguments.of("connectWebRtcTransport", "{'transportId':'$T'}", 400, "missing field 'dtlsParameters'"),
                Arguments.of("connectWebRtcTransport", "{'transportId':'$T','dtlsParameters':{'role':'server'," + fp
                        + "}}", 400, "unsupported DTLS role 'server'"),
                Arguments.of("connectWebRtcTransport", "{'transportId':'$T','dtlsParameters':{'role':'client',"
                        + "'fingerprints':[]}}", 400, "fingerprints must be a non-empty array"),
                Arguments.of("connectWebRtcTransport", "{'transportId':'$T','dtlsParameters':{'role':'client',"
                        + "'fingerprints':[{'value':'AB:CD'}]}}", 400, "missing field 'algorithm'"),
                Arguments.of("connectWebRtcTransport", "{'transportId':'nope','dtlsParameters':{" + fp + "}}", 404,
                        "transport 'nope' not found"),
                Arguments.of("restartIce", "{}", 400, "missing field 'transportId'"),
                Arguments.of("produce", "{}", 400, "missing field 'transportId'"),
                Arguments.of("produce", "{'transportId':'$T'}", 400, "missing field 'kind'"),
                Arguments.of("produce", "{'transportId':'$T','kind':'data'}", 400, "invalid kind 'data'"),
                Arguments.of("produce", "{'transportId':'$T','kind':'audio'}", 400, "missing field 'rtpParameters'"),
                Arguments.of("produce", "{'transportId':'$T','kind':'audio','rtpParameters':[]}", 400,
                        "field 'rtpParameters' must be an object"),
                Arguments.of("produce", "{'transportId':'$T','kind':'audio','rtpParameters':{'codecs':[]}}", 400,
                        "codecs is empty"),
                Arguments.of("produce", "{'transportId':'$T','kind':'audio','rtpParameters':{'codecs':'x'}}", 400,
                        "invalid rtpParameters"),
                Arguments.of("produce", "{'transportId':'nope','kind':'audio'}", 404, "transport 'nope' not found"),
                Arguments.of("pauseProducer", "{}", 400, "missing field 'producerId'"),
                Arguments.of("closeProducer", "{'producerId':'nope'}", 404, "producer 'nope' not found"),
                Arguments.of("resumeConsumer", "{'consumerId':'nope'}", 404, "consumer 'nope' not found"),
                Arguments.of("requestConsumerKeyFrame", "{'consumerId':7}", 400,
                        "field 'consumerId' must be a non-empty string"),
                Arguments.of("getConsumerStats", "{}", 400, "missing field 'consumerId'"),
                Arguments.of("getTransportStats", "{'transportId':'nope'}", 404, "transport 'nope' not found"),
                Arguments.of("changeDisplayName", "{}", 400, "missing field 'displayName'"),
                Arguments.of("changeDisplayName", "{'displayName':42}", 400,
                        "field 'displayName' must be a non-empty string"),
                Arguments.of("join", "{'displayName':'again'}", 403, "Peer already joined"),
                Arguments.of("setConsumerPreferredLayers", "{'consumerId':'c','spatialLayer':1}", 404, "not found"),
                Arguments.of("setConsumerPriority", "{'consumerId':'c','priority':2}", 404, "not found"),
                Arguments.of("produceData", "{}", 501, "data channels are not supported"),
                Arguments.of("applyNetworkThrottle", "{'uplink':100}", 403, "network throttling"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void badRequestsOfAJoinedPeerGetTheirErrorCodeAndChangeNothing(String method, String data, int code,
                                                                   String reason) {
        TestSession s = open(newRoom("bad"), "dave", true);
        String t = s.ok("createWebRtcTransport", sendTransport()).get("id").asText();
        s.ok("join", join("Dave"));
        long producersBefore = node.counter("producers");

        assertError(s.error(method, Json.parse(data.replace("$T", t))), code, reason);

        assertEquals(producersBefore, node.counter("producers"));
        // The peer still serves requests after the refusal.
        assertEquals("webrtc-transport",
                s.ok("getTransportStats", obj("{'transportId':'" + t + "'}")).get(0).get("type").asText());
    }

    @Test
    void idsOwnedByAnotherPeerAreNotFound() {
        String room = newRoom("foreign");
        TestSession owner = open(room, "owner", true);
        TestSession other = open(room, "other", true);
        String t = owner.ok("createWebRtcTransport", sendTransport()).get("id").asText();
        owner.ok("join", join("Owner"));
        String p = owner.ok("produce", produceOpus(t)).get("id").asText();
        other.ok("createWebRtcTransport", recvTransport());
        other.ok("join", join("Other"));

        String fp = "{'algorithm':'sha-256','value':'AB:CD'}";
        assertError(other.error("connectWebRtcTransport", obj("{'transportId':'" + t + "','dtlsParameters':{"
                + "'role':'client','fingerprints':[" + fp + "]}}")), 404, "transport '" + t + "' not found");
        assertError(other.error("restartIce", obj("{'transportId':'" + t + "'}")), 404, "not found");
        assertError(other.error("getTransportStats", obj("{'transportId':'" + t + "'}")), 404, "not found");
        assertError(other.error("produce", produceOpus(t)), 404, "transport '" + t + "' not found");
        assertError(other.error("pauseProducer", obj("{'producerId':'" + p + "'}")), 404,
                "producer '" + p + "' not found");
        assertError(other.error("closeProducer", obj("{'producerId':'" + p + "'}")), 404, "not found");
        assertError(other.error("getProducerStats", obj("{'producerId':'" + p + "'}")), 404, "not found");

        // The owner still has both, untouched.
        JsonNode stats = owner.ok("getProducerStats", obj("{'producerId':'" + p + "'}"));
        assertEquals("inbound-rtp", stats.get(0).get("type").asText());
        assertEquals(2718281828L, stats.get(0).get("ssrc").asLong());
        assertEquals(1, node.counter("producers"));
        owner.ok("restartIce", obj("{'transportId':'" + t + "'}"));
    }

    @Test
    void produceWithAnUnsupportedCodecCreatesNothing() {
        TestSession s = open(newRoom("codec"), "erin", true);
        String t = s.ok("createWebRtcTransport", sendTransport()).get("id").asText();
        s.ok("join", join("Erin"));
        ObjectNode data = produceOpus(t);
        ObjectNode codec = (ObjectNode) data.at("/rtpParameters/codecs/0");
        codec.put("mimeType", "audio/G722").put("payloadType", 9).put("clockRate", 8000).put("channels", 1);
        long before = node.counter("producers");

        assertError(s.error("produce", data), 400, "unsupported codec");
        assertEquals(before, node.counter("producers"));

        // The same request with opus succeeds, and is the only producer created.
        String id = s.ok("produce", produceOpus(t)).get("producerId").asText();
        assertFalse(id.isEmpty());
        assertEquals(before + 1, node.counter("producers"));
    }

    static Stream<Arguments> statsShapes() {
        return Stream.of(
                Arguments.of(true, "{'producing':true,'consuming':false}", true),
                Arguments.of(true, "{'forceTcp':false,'producing':false,'consuming':true}", true),
                Arguments.of(true, "{'appData':{'direction':'producer'}}", false),
                Arguments.of(true, "{'appData':{'direction':'consumer'}}", false),
                Arguments.of(false, "{'producing':true,'consuming':false}", false));
    }

    @ParameterizedTest
    @MethodSource("statsShapes")
    void statsAreAnArrayForLegacyClientsAndAnObjectFor2025Ones(boolean legacyHint, String create,
                                                             boolean expectArray) {
        TestSession s = open(newRoom("stats"), "fay", legacyHint);
        String t = s.ok("createWebRtcTransport", obj(create)).get("id").asText();
        JsonNode out = s.ok("getTransportStats", obj("{'transportId':'" + t + "'}"));
        JsonNode list = expectArray ? out : out.get("stats");
        assertEquals(expectArray, out.isArray(), () -> "stats response " + out);
        assertTrue(list != null && list.isArray() && list.size() == 1, () -> "stats response " + out);
        assertEquals("webrtc-transport", list.get(0).get("type").asText());
        assertEquals(t, list.get(0).get("transportId").asText());
    }

    @Test
    void controlVerbsSentAsNotificationsAreAppliedWithoutResponse() {
        TestSession s = open(newRoom("notify"), "gus", false);
        String t = s.ok("createWebRtcTransport", obj("{'appData':{'direction':'producer'}}")).get("id").asText();
        s.ok("join", join("Gus"));
        String p = s.ok("produce", produceOpus(t)).get("id").asText();

        s.sendNotification("closeProducer", obj("{'producerId':'" + p + "'}"));
        s.sendNotification("fooBar", Json.object());

        node.awaitCounter("producers", 0);
        assertError(s.error("getProducerStats", obj("{'producerId':'" + p + "'}")), 404, "not found");
        s.expectNothing(Duration.ofMillis(200));
    }

    @Test
    void requestsFromAReplacedSessionGet410() {
        String room = newRoom("stale");
        TestSession first = open(room, "hal", true);
        first.ok("getRouterRtpCapabilities", Json.object());
        TestSession second = open(room, "hal", true);
        assertEquals(4000, first.closeMessage().code());

        assertError(first.error("getRouterRtpCapabilities", Json.object()), 410, "no longer current");
        assertTrue(second.ok("getRouterRtpCapabilities", Json.object()).has("codecs"));
    }
}
