package dev.chorus.actors.peer;

import static dev.chorus.actors.Json.obj;
import static dev.chorus.actors.TestSession.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.Json;
import dev.chorus.actors.TestSession;
import dev.chorus.actors.room.RoomEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two or more peers in one room, each a sharded PeerEntity with a probe as its session: newConsumer offers,
 * newPeer/peerClosed, producer pause, departures and reconnects, and the room's router following its peers.
 */
class RoomFlowTest {
    private static ChorusTestNode node;
    private final List<TestSession> opened = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        // No grace period: a reconnect replaces the old incarnation from scratch (see GracePeriodFlowTest).
        node = ChorusTestNode.start("RoomFlowTest", "chorus.peer.grace-period = 0s", true);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void closeSessionsAndCheckMediaIsReleased() {
        opened.forEach(TestSession::close);
        node.awaitCounter("consumers", 0);
        node.awaitCounter("producers", 0);
        node.awaitCounter("transports", 0);
        node.awaitCounter("routers", 0);
    }

    /** A peer that attached, read the capabilities and created one transport; not joined. */
    private final class Client {
        final String room;
        final TestSession session;
        final JsonNode routerCaps;
        final String transportId;

        Client(String room, String peerId, boolean consuming) {
            this.room = room;
            session = node.session(room, peerId).attach(true);
            opened.add(session);
            routerCaps = session.ok("getRouterRtpCapabilities", Json.object()).get("routerRtpCapabilities");
            ObjectNode create = obj("{'forceTcp':false}").put("producing", !consuming).put("consuming", consuming);
            transportId = session.ok("createWebRtcTransport", create).get("id").asText();
        }

        JsonNode join(String displayName, boolean withCapabilities) {
            ObjectNode data = obj("{'device':{'flag':'chrome','name':'Chrome','version':'126'}}");
            data.put("displayName", displayName);
            if (withCapabilities) {
                data.set("rtpCapabilities", routerCaps);
            }
            return session.ok("join", data);
        }

        String produceOpus() {
            return produce(PeerProtocolTest.produceOpus(transportId));
        }

        /**
         * Produces and waits until the room lists the producer. PeerRequests.produce answers the client before it
         * tells the room, and a ConsumeProducer reaching a peer whose join is still in flight is dropped, so a
         * test that lets another peer join right away could lose its newConsumer (a main-code race, see report).
         */
        String produce(ObjectNode request) {
            JsonNode r = session.ok("produce", request);
            assertEquals(r.get("id"), r.get("producerId"));
            String id = r.get("id").asText();
            node.testKit().createTestProbe().awaitAssert(ChorusTestNode.WAIT, Duration.ofMillis(10), () -> {
                assertTrue(roomInfo(room).producers().stream().anyMatch(p -> p.producerId().equals(id)));
                return null;
            });
            return id;
        }

        JsonNode consumerStats(String consumerId) {
            JsonNode list = session.ok("getConsumerStats", obj("{'consumerId':'" + consumerId + "'}"));
            assertEquals("outbound-rtp", list.get(0).get("type").asText());
            return list.get(0);
        }
    }

    private static RoomEntity.RoomInfo roomInfo(String room) {
        TestProbe<RoomEntity.RoomInfo> probe = node.testKit().createTestProbe();
        node.room(room).tell(new RoomEntity.GetInfo(probe.ref()));
        return probe.receiveMessage(ChorusTestNode.WAIT);
    }

    /** Checks a newConsumer request's data against the producer it offers. */
    private static String assertNewConsumer(SessionOut.Request request, String producerPeerId, String producerId,
                                            String consumerTransportId) {
        JsonNode d = request.data();
        assertEquals(producerPeerId, d.get("peerId").asText());
        assertEquals(producerId, d.get("producerId").asText());
        String consumerId = d.get("id").asText();
        assertFalse(consumerId.isEmpty());
        assertEquals(consumerId, d.get("consumerId").asText());
        assertNotEquals(producerId, consumerId);
        assertEquals(consumerTransportId, d.get("transportId").asText());
        assertEquals("audio", d.get("kind").asText());
        assertEquals("simple", d.get("type").asText());
        assertEquals(producerPeerId, d.at("/appData/peerId").asText());
        assertEquals("mic", d.at("/appData/source").asText(), "the producer's appData is passed on");
        assertFalse(d.get("producerPaused").asBoolean(true));
        JsonNode rtp = d.get("rtpParameters");
        assertEquals("audio/opus", rtp.at("/codecs/0/mimeType").asText());
        assertEquals(100, rtp.at("/codecs/0/payloadType").asInt(), "the router's payload type, not Chrome's 111");
        assertTrue(rtp.at("/encodings/0/ssrc").asLong() > 0, () -> "consumer ssrc in " + rtp);
        assertNotEquals(2718281828L, rtp.at("/encodings/0/ssrc").asLong(), "the consumer has its own SSRC");
        assertFalse(rtp.at("/rtcp/cname").asText().isEmpty());
        return consumerId;
    }

    /**
     * The next two notifications are {@code consumerClosed} for the departed peer's consumer, then
     * {@code peerClosed} for the peer, in that order (as docs/protocol.md promises: a leaving peer's transports
     * are closed before the room is told).
     */
    private static void assertDepartureNotified(TestSession session, String consumerId, String peerId) {
        SessionOut.Notification first = session.nextNotification();
        SessionOut.Notification second = session.nextNotification();
        assertEquals("consumerClosed", first.method(), () -> "got " + first + " and " + second);
        assertEquals(consumerId, first.data().get("consumerId").asText());
        assertEquals("peerClosed", second.method(), () -> "got " + first + " and " + second);
        assertEquals(peerId, second.data().get("peerId").asText());
        assertEquals(1, second.data().size(), () -> "peerClosed data " + second.data());
    }

    @Test
    void twoPeersProduceConsumePauseAndLeave() {
        String room = "flow-two-peers";
        Client alice = new Client(room, "alice", false);
        String dtls = "{'role':'client','fingerprints':[{'algorithm':'sha-256','value':'"
                + "AB:".repeat(31) + "AB'}]}";
        JsonNode connected = alice.session.ok("connectWebRtcTransport",
                obj("{'transportId':'" + alice.transportId + "','dtlsParameters':" + dtls + "}"));
        assertEquals(0, connected.size());
        assertEquals(0, alice.join("Alice", false).get("peers").size());
        String producerId = alice.produceOpus();
        assertEquals(1, node.counter("routers"));

        Client bob = new Client(room, "bob", true);
        JsonNode peers = bob.join("Bob", true).get("peers");
        assertEquals(1, peers.size(), () -> "peers " + peers);
        assertEquals("alice", peers.get(0).get("id").asText());
        assertEquals("alice", peers.get(0).get("peerId").asText());
        assertEquals("Alice", peers.get(0).get("displayName").asText());
        assertEquals("Chrome", peers.get(0).at("/device/name").asText());

        SessionOut.Request offer = bob.session.request("newConsumer");
        String consumerId = assertNewConsumer(offer, "alice", producerId, bob.transportId);
        assertEquals(1, node.counter("consumers"));
        assertTrue(bob.consumerStats(consumerId).get("paused").asBoolean(), "created paused until answered");
        bob.session.answer(offer, true);
        // Resumed once accepted (through the consumer entity, so not necessarily before the next request).
        node.testKit().createTestProbe().awaitAssert(ChorusTestNode.WAIT, () -> {
            assertFalse(bob.consumerStats(consumerId).get("paused").asBoolean(true), "resumed once accepted");
            return null;
        });

        JsonNode newPeer = alice.session.notification("newPeer");
        assertEquals("bob", newPeer.get("id").asText());
        assertEquals("Bob", newPeer.get("displayName").asText());
        assertEquals("Chrome", newPeer.at("/device/name").asText());
        assertEquals("bob", newPeer.at("/peer/peerId").asText());
        assertEquals("Bob", newPeer.at("/peer/displayName").asText());

        alice.session.ok("pauseProducer", obj("{'producerId':'" + producerId + "'}"));
        assertEquals(consumerId, bob.session.notification("consumerPaused").get("consumerId").asText());
        assertTrue(bob.consumerStats(consumerId).get("producerPaused").asBoolean());
        alice.session.ok("resumeProducer", obj("{'producerId':'" + producerId + "'}"));
        assertEquals(consumerId, bob.session.notification("consumerResumed").get("consumerId").asText());

        alice.session.close();
        assertDepartureNotified(bob.session, consumerId, "alice");
        node.awaitCounter("producers", 0);
        node.awaitCounter("consumers", 0);
        node.awaitCounter("transports", 1);
        RoomEntity.RoomInfo info = roomInfo(room);
        assertEquals(List.of("bob"), info.peers().stream().map(RoomEntity.MemberInfo::id).toList());
        assertTrue(info.producers().isEmpty(), () -> "producers " + info.producers());
        assertEquals(1, node.counter("routers"), "the router stays while a peer is connected");

        bob.session.close();
        node.awaitCounter("routers", 0);
        assertFalse(roomInfo(room).routerReady());
    }

    @Test
    void producersAddedAfterJoinAreOfferedAndARejectedOfferIsClosed() {
        String room = "flow-live-offer";
        Client viewer = new Client(room, "viewer", true);
        viewer.join("Viewer", true);
        Client lurker = new Client(room, "lurker", true);
        lurker.join("Lurker", false);
        Client speaker = new Client(room, "speaker", false);
        speaker.join("Speaker", false);
        viewer.session.notification("newPeer");
        viewer.session.notification("newPeer");
        lurker.session.notification("newPeer");

        String first = speaker.produceOpus();
        SessionOut.Request offer = viewer.session.request("newConsumer");
        assertNewConsumer(offer, "speaker", first, viewer.transportId);
        node.awaitCounter("consumers", 1);
        viewer.session.answer(offer, false);
        node.awaitCounter("consumers", 0);

        String second = speaker.produce(PeerProtocolTest.produceOpus(speaker.transportId, 1111, "1"));
        SessionOut.Request again = viewer.session.request("newConsumer");
        String consumerId = assertNewConsumer(again, "speaker", second, viewer.transportId);
        viewer.session.answer(again, true);
        speaker.session.ok("closeProducer", obj("{'producerId':'" + second + "'}"));
        assertEquals(consumerId, viewer.session.notification("consumerClosed").get("consumerId").asText());
        assertError(viewer.session.error("getConsumerStats", obj("{'consumerId':'" + consumerId + "'}")), 404,
                "not found");

        // A peer that joined without rtpCapabilities is never offered anything.
        lurker.session.expectNo(m -> m instanceof SessionOut.Request, Duration.ofMillis(300), "newConsumer");
        assertEquals(List.of(first), roomInfo(room).producers().stream()
                .map(RoomEntity.ProducerSummary::producerId).toList());
    }

    @Test
    void aReconnectReplacesTheOldIncarnation() {
        String room = "flow-reconnect";
        Client carol = new Client(room, "carol", false);
        carol.join("Carol", false);
        String producerId = carol.produceOpus();
        Client dave = new Client(room, "dave", true);
        dave.join("Dave", true);
        SessionOut.Request offer = dave.session.request("newConsumer");
        String consumerId = assertNewConsumer(offer, "carol", producerId, dave.transportId);
        dave.session.answer(offer, true);
        carol.session.notification("newPeer");

        TestSession again = node.session(room, "carol").attach(true);
        opened.add(again);
        SessionOut.Close close = carol.session.closeMessage();
        assertEquals(4000, close.code());
        assertTrue(close.reason().contains("replaced"), close.reason());

        assertDepartureNotified(dave.session, consumerId, "carol");
        node.awaitCounter("producers", 0);
        node.awaitCounter("transports", 1);

        // The new incarnation starts from scratch and joins again.
        assertError(carol.session.error("getRouterRtpCapabilities", Json.object()), 410, "no longer current");
        again.ok("getRouterRtpCapabilities", Json.object());
        JsonNode peers = again.ok("join", obj("{'displayName':'Carol 2'}")).get("peers");
        assertEquals(1, peers.size());
        assertEquals("dave", peers.get(0).get("id").asText());
        JsonNode newPeer = dave.session.notification("newPeer");
        assertEquals("carol", newPeer.get("id").asText());
        assertEquals("Carol 2", newPeer.get("displayName").asText());
        assertEquals(List.of("dave", "carol"), roomInfo(room).peers().stream().map(RoomEntity.MemberInfo::id)
                .toList());
    }

    @Test
    void aLonePeerReconnectingGetsAFreshRouter() {
        String room = "flow-lone-reconnect";
        Client erin = new Client(room, "erin", false);
        erin.join("Erin", false);
        erin.produceOpus();

        TestSession again = node.session(room, "erin").attach(true);
        opened.add(again);
        assertEquals(4000, erin.session.closeMessage().code());
        node.awaitCounter("producers", 0);

        String t = again.ok("createWebRtcTransport", obj("{'producing':true,'consuming':false}")).get("id")
                .asText();
        again.ok("join", obj("{'displayName':'Erin'}"));
        again.ok("produce", PeerProtocolTest.produceOpus(t));
        assertEquals(1, node.counter("routers"));
        assertEquals(1, node.counter("producers"));
        assertTrue(roomInfo(room).routerReady());
    }

    @Test
    void aTransportClosedByTheMediaPlaneEndsThePeer() {
        String room = "flow-transport-closed";
        Client gina = new Client(room, "gina", false);
        gina.join("Gina", false);
        Client hank = new Client(room, "hank", true);
        hank.join("Hank", true);
        gina.session.notification("newPeer");

        // An unknown transport id (e.g. one already closed) changes nothing.
        gina.session.peer().tell(new PeerEntity.TransportClosed("not-mine", "ice consent lost"));
        assertTrue(gina.session.ok("getRouterRtpCapabilities", Json.object()).has("codecs"));

        // ICE consent lost on gina's transport: the media plane closes it and MediaEventRelay reports it.
        node.media().closeTransport(gina.transportId).toCompletableFuture().join();
        gina.session.peer().tell(new PeerEntity.TransportClosed(gina.transportId, "ice consent lost"));
        SessionOut.Close close = gina.session.closeMessage();
        assertEquals(4000, close.code());
        assertEquals("transport closed: ice consent lost", close.reason());
        assertEquals("gina", hank.session.notification("peerClosed").get("peerId").asText());
        node.awaitCounter("transports", 1);
        assertEquals(List.of("hank"), roomInfo(room).peers().stream().map(RoomEntity.MemberInfo::id).toList());
    }
}
