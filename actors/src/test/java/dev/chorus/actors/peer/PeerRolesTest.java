package dev.chorus.actors.peer;

import static dev.chorus.actors.Json.obj;
import static dev.chorus.actors.TestSession.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.Json;
import dev.chorus.actors.TestSession;
import dev.chorus.actors.guard.Refusal;
import dev.chorus.actors.guard.Refusals;
import dev.chorus.actors.peer.PeerGrant.Role;
import dev.chorus.actors.room.RoomEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Roles and per-peer limits as a PeerEntity enforces them (sharded peers with probes as their sessions): a viewer
 * cannot publish, a guest cannot act on another peer's producer or remove anyone, a host can close another peer's
 * producer, remove a peer and close the room; the token's name is the display name; the transport, producer,
 * consumer and room limits refuse with a 403 naming the limit; every refusal is counted.
 */
class PeerRolesTest {
    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static final PeerGrant HOST = new PeerGrant(Role.HOST, null);
    private static final PeerGrant GUEST = new PeerGrant(Role.GUEST, null);
    private static final PeerGrant VIEWER = new PeerGrant(Role.VIEWER, null);

    private static ChorusTestNode node;
    private final List<TestSession> opened = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        node = ChorusTestNode.start("PeerRolesTest", """
                chorus.peer.grace-period = 0s
                chorus.limits.max-transports-per-peer = 2
                chorus.limits.max-producers-per-peer = 1
                chorus.limits.max-consumers-per-peer = 1
                chorus.limits.max-peers-per-room = 3
                """, true);
        // The first room of a node opens its journal; on a busy machine that can outlast a peer's ask timeout.
        TestProbe<RoomEntity.RoomInfo> probe = node.testKit().createTestProbe();
        node.room("roles-warm-up").tell(new RoomEntity.GetInfo(probe.ref()));
        probe.receiveMessage(Duration.ofSeconds(30));
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
    }

    private static String newRoom() {
        return "roles-" + ROOMS.incrementAndGet();
    }

    private static long refusals(Refusal r) {
        return Refusals.get(node.testKit().system()).count(r);
    }

    /** A peer that attached with {@code grant}, created one transport and joined (consuming: with capabilities). */
    private final class Peer {
        final String room;
        final TestSession session;
        final String transportId;
        final JsonNode joined;

        Peer(String room, String peerId, PeerGrant grant, boolean consuming) {
            this.room = room;
            session = node.session(room, peerId).attach(true, grant);
            opened.add(session);
            JsonNode caps = session.ok("getRouterRtpCapabilities", Json.object()).get("routerRtpCapabilities");
            ObjectNode create = obj("{'forceTcp':false}").put("producing", !consuming).put("consuming", consuming);
            transportId = session.ok("createWebRtcTransport", create).get("id").asText();
            ObjectNode join = obj("{'device':{'flag':'chrome','name':'Chrome','version':'126'}}");
            join.put("displayName", peerId + " (chosen)");
            if (consuming) {
                join.set("rtpCapabilities", caps);
            }
            joined = session.ok("join", join);
        }

        String produce(long ssrc, String mid) {
            String id = session.ok("produce", PeerProtocolTest.produceOpus(transportId, ssrc, mid)).get("id").asText();
            node.testKit().createTestProbe().awaitAssert(ChorusTestNode.WAIT, Duration.ofMillis(10), () -> {
                assertTrue(roomInfo(room).producers().stream().anyMatch(p -> p.producerId().equals(id)));
                return null;
            });
            return id;
        }
    }

    private static RoomEntity.RoomInfo roomInfo(String room) {
        TestProbe<RoomEntity.RoomInfo> probe = node.testKit().createTestProbe();
        node.room(room).tell(new RoomEntity.GetInfo(probe.ref()));
        return probe.receiveMessage(ChorusTestNode.WAIT);
    }

    @Test
    void aViewerCannotProduce() {
        Peer viewer = new Peer(newRoom(), "vera", VIEWER, false);
        assertEquals("viewer", viewer.joined.get("role").asText(), "the join answer says the role");
        long before = refusals(Refusal.ROLE_FORBIDDEN);

        assertError(viewer.session.error("produce", PeerProtocolTest.produceOpus(viewer.transportId)), 403,
                "viewer");

        assertEquals(0, node.counter("producers"));
        assertEquals(before + 1, refusals(Refusal.ROLE_FORBIDDEN));
    }

    @Test
    void aGuestCannotCloseAnotherPeersProducerNorRemovePeersNorCloseTheRoom() {
        String room = newRoom();
        Peer owner = new Peer(room, "olga", GUEST, false);
        Peer guest = new Peer(room, "gus", GUEST, false);
        assertEquals("guest", guest.joined.get("role").asText());
        String producerId = owner.produce(1111, "0");
        long before = refusals(Refusal.ROLE_FORBIDDEN);

        assertError(guest.session.error("closeProducer", obj("{'producerId':'" + producerId + "'}")), 404,
                "producer '" + producerId + "' not found");
        assertError(guest.session.error("kickPeer", obj("{'peerId':'olga'}")), 403, "only a host may remove peers");
        assertError(guest.session.error("closeRoom", Json.object()), 403, "only a host may close the room");

        assertEquals(before + 2, refusals(Refusal.ROLE_FORBIDDEN));
        assertEquals(1, node.counter("producers"), "the producer stays");
        assertEquals(1, roomInfo(owner.room).producers().size());
        owner.session.ok("getProducerStats", obj("{'producerId':'" + producerId + "'}"));
        assertEquals(2, roomInfo(owner.room).peers().size(), "nobody was removed");
    }

    @Test
    void aHostClosesAnotherPeersProducer() {
        String room = newRoom();
        Peer owner = new Peer(room, "omar", GUEST, false);
        Peer host = new Peer(room, "hana", HOST, false);
        assertEquals("host", host.joined.get("role").asText());
        String producerId = owner.produce(2222, "0");

        assertError(host.session.error("closeProducer", obj("{'producerId':'no-such-producer'}")), 404, "not found");
        host.session.ok("closeProducer", obj("{'producerId':'" + producerId + "'}"));

        JsonNode told = owner.session.notification("producerClosed");
        assertEquals(producerId, told.get("producerId").asText());
        assertTrue(told.get("reason").asText().contains("hana"), told::toString);
        node.awaitCounter("producers", 0);
        node.testKit().createTestProbe().awaitAssert(ChorusTestNode.WAIT, Duration.ofMillis(10), () -> {
            assertEquals(0, roomInfo(owner.room).producers().size());
            return null;
        });
        assertError(owner.session.error("getProducerStats", obj("{'producerId':'" + producerId + "'}")), 404,
                "not found");
        // The owner's limit of one producer is free again.
        owner.produce(3333, "1");
    }

    @Test
    void aHostRemovesAPeerAndTheOthersAreTold() {
        String room = newRoom();
        Peer host = new Peer(room, "hugo", HOST, false);
        Peer guest = new Peer(room, "gina", GUEST, false);
        host.session.notification("newPeer");

        assertError(host.session.error("kickPeer", obj("{'peerId':'nobody'}")), 404, "not in room");
        assertError(host.session.error("kickPeer", Json.object()), 400, "peerId");
        host.session.ok("kickPeer", obj("{'peerId':'gina'}"));

        var close = guest.session.closeMessage();
        assertEquals(4000, close.code(), "a removed peer must not reconnect");
        assertTrue(close.reason().contains("removed by host 'hugo'"), close::toString);
        assertEquals("gina", host.session.notification("peerClosed").get("peerId").asText());
    }

    @Test
    void aHostClosesTheRoom() {
        String room = newRoom();
        Peer host = new Peer(room, "hank", HOST, false);
        Peer guest = new Peer(room, "gail", GUEST, false);

        host.session.send("closeRoom", Json.object());

        assertEquals(4000, guest.session.closeMessage().code());
        var own = host.session.closeMessage();
        assertEquals(4000, own.code());
        assertTrue(own.reason().contains("the room was closed"), own::toString);
    }

    @Test
    void theTokensNameIsTheDisplayNameAndCannotBeChanged() {
        String room = newRoom();
        Peer first = new Peer(room, "fred", GUEST, false);
        Peer named = new Peer(room, "ann", new PeerGrant(Role.GUEST, "Ann from the token"), false);

        assertEquals("Ann from the token", first.session.notification("newPeer").get("displayName").asText());
        assertError(named.session.error("changeDisplayName", obj("{'displayName':'Mallory'}")), 403,
                "set by the join token");
        first.session.ok("changeDisplayName", obj("{'displayName':'Fred'}"));
    }

    @Test
    void transportAndProducerLimitsRefuseWithTheLimit() {
        Peer p = new Peer(newRoom(), "lim", GUEST, false);
        long transports = refusals(Refusal.TRANSPORT_LIMIT);
        long producers = refusals(Refusal.PRODUCER_LIMIT);
        ObjectNode send = obj("{'forceTcp':false,'producing':true,'consuming':false}");

        p.session.ok("createWebRtcTransport", send);
        assertError(p.session.error("createWebRtcTransport", send), 403, "too many transports for this peer (at most 2)");
        p.produce(4444, "0");
        assertError(p.session.error("produce", PeerProtocolTest.produceOpus(p.transportId, 5555, "1")), 403,
                "too many producers for this peer (at most 1)");

        assertEquals(transports + 1, refusals(Refusal.TRANSPORT_LIMIT));
        assertEquals(producers + 1, refusals(Refusal.PRODUCER_LIMIT));
        assertEquals(2, node.counter("transports"));
        assertEquals(1, node.counter("producers"));
    }

    @Test
    void aPeerWithAllItsConsumersInUseIsNotOfferedMore() {
        String room = newRoom();
        Peer watcher = new Peer(room, "wes", VIEWER, true);
        Peer a = new Peer(room, "amy", GUEST, false);
        Peer b = new Peer(room, "bob", GUEST, false);
        long before = refusals(Refusal.CONSUMER_LIMIT);

        a.produce(6666, "0");
        SessionOut.Request offer = watcher.session.request("newConsumer");
        watcher.session.answer(offer, true);
        node.awaitCounter("consumers", 1);
        b.produce(7777, "0");

        node.testKit().createTestProbe().awaitAssert(ChorusTestNode.WAIT, Duration.ofMillis(10), () -> {
            assertEquals(before + 1, refusals(Refusal.CONSUMER_LIMIT));
            return null;
        });
        watcher.session.expectNo(m -> m instanceof SessionOut.Request, Duration.ofMillis(300), "a second offer");
        assertEquals(1, node.counter("consumers"));
    }

    @Test
    void theNodesRoomLimitAppliesToARoomWithoutOne() {
        String room = newRoom();
        new Peer(room, "p1", GUEST, false);
        new Peer(room, "p2", GUEST, false);
        new Peer(room, "p3", GUEST, false);
        long before = refusals(Refusal.ROOM_FULL);
        TestSession fourth = node.session(room, "p4").attach(true, GUEST);
        opened.add(fourth);

        assertError(fourth.error("join", obj("{'displayName':'P4','device':{}}")), 403, "the room is full (3 participants)");
        assertEquals(before + 1, refusals(Refusal.ROOM_FULL));
    }
}
