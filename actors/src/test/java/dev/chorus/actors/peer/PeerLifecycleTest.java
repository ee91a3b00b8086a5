package dev.chorus.actors.peer;

import static dev.chorus.actors.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.Json;
import dev.chorus.actors.TestSession;
import dev.chorus.actors.room.RoomEntity;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle edges of a peer: the order the others learn of a departure, producers announced while a join is on
 * its way, a reconnect while requests are in flight, and a long quiet call (no idle passivation).
 */
class PeerLifecycleTest {
    private static ChorusTestNode node;

    @BeforeAll
    static void start() {
        // Without a grace period a second connection of the same peer replaces the first from scratch (the
        // behaviour under test); with one, it takes over instead (GracePeriodFlowTest).
        node = ChorusTestNode.start("PeerLifecycleTest",
                "pekko.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout = 1s\n"
                        + "chorus.peer.grace-period = 0s", true);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** B consumes A's producer; returns {A, B}. */
    private static TestSession[] twoPeers(String room) {
        TestSession a = node.session(room, "a").attach(true);
        String t = a.ok("createWebRtcTransport", obj("{'producing':true,'consuming':false}")).get("id").asText();
        a.ok("join", obj("{'displayName':'A'}"));
        a.ok("produce", PeerProtocolTest.produceOpus(t));
        TestSession b = node.session(room, "b").attach(true);
        JsonNode caps = b.ok("getRouterRtpCapabilities", Json.object()).get("routerRtpCapabilities");
        b.ok("createWebRtcTransport", obj("{'producing':false,'consuming':true}"));
        b.ok("join", obj("{'displayName':'B'}").set("rtpCapabilities", caps));
        b.answer(b.request("newConsumer"), true);
        return new TestSession[] {a, b};
    }

    @Test
    void othersGetConsumerClosedBeforePeerClosedWhenAPeerLeavesOrReconnects() {
        for (int i = 0; i < 12; i++) {
            String room = "order-" + i;
            TestSession[] ab = twoPeers(room);
            if (i % 2 == 0) {
                ab[0].close(); // A's socket closes
            } else {
                node.session(room, "a").attach(true); // A reconnects: its old incarnation leaves
            }
            assertEquals("consumerClosed", ab[1].nextNotification().method(), "round " + i);
            assertEquals("peerClosed", ab[1].nextNotification().method(), "round " + i);
            ab[1].close();
        }
    }

    @Test
    void aProducerAnnouncedWhileAJoinIsOnItsWayIsStillOffered() {
        String room = "join-window";
        TestSession a = node.session(room, "alice").attach(true);
        String t = a.ok("createWebRtcTransport", obj("{'producing':true,'consuming':false}")).get("id").asText();
        a.ok("join", obj("{'displayName':'A'}"));
        String pid = a.ok("produce", PeerProtocolTest.produceOpus(t)).get("id").asText();
        // The room forgets the producer (the media plane keeps it), so only the live path can offer it to bob.
        node.room(room).tell(new RoomEntity.ProducerRemoved("alice", pid));
        TestSession b = node.session(room, "bob").attach(true);
        JsonNode caps = b.ok("getRouterRtpCapabilities", Json.object()).get("routerRtpCapabilities");
        b.ok("createWebRtcTransport", obj("{'producing':false,'consuming':true}"));
        long join = b.send("join", obj("{'displayName':'B'}").set("rtpCapabilities", caps));
        // What the room sends when alice's ProducerAdded lands right after bob's Join:
        b.peer().tell(new PeerEntity.ConsumeProducer(pid, "alice", "audio", obj("{'peerId':'alice'}")));
        b.response(join);
        assertEquals(pid, b.request("newConsumer").data().get("producerId").asText());
    }

    @Test
    void aReconnectNeverReceivesTheOldSessionsResponsesAndWhatTheyCreatedIsClosed() {
        // Its own node, so the media plane's transport count belongs to this test alone.
        try (ChorusTestNode own = ChorusTestNode.start("PeerLifecycleLeak", "chorus.peer.grace-period = 0s", true)) {
            String room = "reconnect-leak";
            TestSession first = own.session(room, "carol").attach(true);
            first.ok("getRouterRtpCapabilities", Json.object());
            long id = first.send("createWebRtcTransport", obj("{'producing':true,'consuming':false}"));
            TestSession second = own.session(room, "carol").attach(true);
            second.expectNo(m -> m instanceof SessionOut.Response r && r.id() == id, Duration.ofMillis(500),
                    "response to the old session's request " + id);
            second.ok("createWebRtcTransport", obj("{'producing':true,'consuming':false}"));
            own.awaitCounter("transports", 1); // the old session's transport was closed, the new one is there
            second.close();
            own.awaitCounter("transports", 0);
        }
    }

    @Test
    void aQuietCallIsNotPassivated() {
        TestSession s = node.session("quiet", "ivy").attach(true);
        s.ok("createWebRtcTransport", obj("{'producing':true,'consuming':false}"));
        s.ok("join", obj("{'displayName':'Ivy'}"));
        s.expectNothing(Duration.ofMillis(2500)); // longer than the (test) idle timeout of 1 s
        TestProbe<RoomEntity.RoomInfo> p = node.testKit().createTestProbe();
        node.room("quiet").tell(new RoomEntity.GetInfo(p.ref()));
        RoomEntity.RoomInfo info = p.receiveMessage(ChorusTestNode.WAIT);
        assertEquals(1, info.peers().size(), "the room still knows its member: " + info);
        assertTrue(s.ok("getRouterRtpCapabilities", Json.object()).has("codecs"), "the peer still answers");
        s.close();
    }
}
