package dev.chorus.actors.peer;

import static dev.chorus.actors.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.Json;
import dev.chorus.actors.TestSession;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reconnection grace period on a real node (1.5 s here): a lost connection keeps the peer — transports,
 * producers, consumers, membership — and a reconnect within the period resumes it unnoticed by the others; a lost
 * connection that does not come back ends the peer after the period; a goodbye ends it at once.
 */
class GracePeriodFlowTest {
    private static final Duration GRACE = Duration.ofMillis(1500);
    private static ChorusTestNode node;

    @BeforeAll
    static void start() {
        node = ChorusTestNode.start("GracePeriodFlowTest", "chorus.peer.grace-period = 1500ms", true);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** A produces, B consumes A's producer; returns {A, B} and A's transport id. */
    private static Object[] call(String room) {
        TestSession a = node.session(room, "a").attach(true);
        String t = a.ok("createWebRtcTransport", obj("{'producing':true,'consuming':false}")).get("id").asText();
        a.ok("join", obj("{'displayName':'A'}"));
        String producerId = a.ok("produce", PeerProtocolTest.produceOpus(t)).get("id").asText();
        TestSession b = node.session(room, "b").attach(true);
        JsonNode caps = b.ok("getRouterRtpCapabilities", Json.object()).get("routerRtpCapabilities");
        b.ok("createWebRtcTransport", obj("{'producing':false,'consuming':true}"));
        b.ok("join", obj("{'displayName':'B'}").set("rtpCapabilities", caps));
        b.answer(b.request("newConsumer"), true);
        return new Object[] {a, b, t, producerId};
    }

    @Test
    void aReconnectWithinTheGracePeriodResumesAndTheOthersSeeNothing() throws InterruptedException {
        Object[] c = call("grace-resume");
        TestSession a = (TestSession) c[0];
        TestSession b = (TestSession) c[1];
        String producerId = (String) c[3];
        long transports = node.counter("transports");
        long consumers = node.counter("consumers");
        a.peer().tell(new PeerEntity.SessionClosed(a.ref(), false)); // the connection is cut, no goodbye
        Thread.sleep(GRACE.toMillis() / 2);
        TestSession a2 = node.session("grace-resume", "a").attach(true);
        b.expectNothing(GRACE.plusMillis(500)); // past the end of the grace period: nobody was told anything
        assertEquals(transports, node.counter("transports"));
        assertEquals(consumers, node.counter("consumers"));
        // The resumed session drives the same producer: B hears of the pause as before.
        a2.ok("pauseProducer", obj("{'producerId':'" + producerId + "'}"));
        assertEquals("consumerPaused", b.nextNotification().method());
        a2.close();
        b.close();
        node.awaitCounter("transports", 0);
    }

    @Test
    void resumedPeersKeepEverythingAndGetWhatTheyMissed() {
        Object[] c = call("grace-keep");
        TestSession a = (TestSession) c[0];
        TestSession b = (TestSession) c[1];
        String transportId = (String) c[2];
        long transports = node.counter("transports");
        a.peer().tell(new PeerEntity.SessionClosed(a.ref(), false));
        // Someone joins while A is away: A is told when it comes back.
        TestSession d = node.session("grace-keep", "d").attach(true);
        d.ok("join", obj("{'displayName':'D'}"));
        b.notification("newPeer");
        TestSession a2 = node.session("grace-keep", "a").attach(true);
        assertEquals("d", a2.notification("newPeer").get("id").asText(), "the missed notification is delivered");
        // A's transport survived: it can restart ICE on it, as a reconnecting client does.
        JsonNode ice = a2.ok("restartIce", obj("{'transportId':'" + transportId + "'}"));
        assertNotEquals("", ice.path("usernameFragment").asText());
        assertEquals(transports + 0, node.counter("transports"), "no transport was closed or created");
        b.expectNo(m -> m instanceof dev.chorus.actors.peer.SessionOut.Notification n
                && !n.method().equals("newPeer"), GRACE.plusMillis(500), "notification about A");
        a2.close();
        d.close();
        b.close();
        node.awaitCounter("transports", 0);
    }

    @Test
    void aPeerThatDoesNotComeBackIsCleanedUpAfterTheGracePeriod() {
        Object[] c = call("grace-expire");
        TestSession a = (TestSession) c[0];
        TestSession b = (TestSession) c[1];
        a.peer().tell(new PeerEntity.SessionClosed(a.ref(), false));
        b.expectNothing(GRACE.minusMillis(500)); // within the grace period: nothing
        assertEquals("consumerClosed", b.nextNotification().method());
        assertEquals(obj("{'peerId':'a'}"), b.notification("peerClosed"));
        // Back too late: a fresh join, and the others see A arrive again.
        TestSession a2 = node.session("grace-expire", "a").attach(true);
        a2.ok("join", obj("{'displayName':'A again'}"));
        assertEquals("A again", b.notification("newPeer").get("displayName").asText());
        a2.close();
        b.close();
        node.awaitCounter("transports", 0);
    }

    @Test
    void aGoodbyeEndsThePeerAtOnce() {
        Object[] c = call("grace-goodbye");
        TestSession a = (TestSession) c[0];
        TestSession b = (TestSession) c[1];
        a.peer().tell(new PeerEntity.SessionClosed(a.ref(), true));
        assertEquals("consumerClosed", b.nextNotification().method());
        assertEquals(obj("{'peerId':'a'}"), b.notification("peerClosed"));
        b.close();
        node.awaitCounter("transports", 0);
    }

    @Test
    void aSecondConnectionTakesOverAndAJoinFromItRebuildsTheMediaQuietly() {
        Object[] c = call("grace-takeover");
        TestSession a = (TestSession) c[0];
        TestSession b = (TestSession) c[1];
        // A reloaded page (or a reconnect that beats the news of the old socket's loss): the old socket is still
        // open when the new one attaches. The new session takes over; the old one is closed.
        TestSession a2 = node.session("grace-takeover", "a").attach(true);
        assertEquals(4000, a.closeMessage().code());
        // It starts from scratch: a new transport, join again, produce again.
        String t2 = a2.ok("createWebRtcTransport", obj("{'producing':true,'consuming':false}")).get("id").asText();
        JsonNode peers = a2.ok("join", obj("{'displayName':'A'}")).get("peers");
        assertEquals("b", peers.get(0).get("id").asText(), "the others are listed again");
        a2.ok("produce", PeerProtocolTest.produceOpus(t2));
        // B sees A's old producer go and the new one come, never A leave or arrive.
        assertEquals("consumerClosed", b.nextNotification().method());
        b.answer(b.request("newConsumer"), true);
        b.expectNo(m -> m instanceof dev.chorus.actors.peer.SessionOut.Notification n
                && (n.method().equals("peerClosed") || n.method().equals("newPeer")), Duration.ofMillis(500),
                "peerClosed/newPeer");
        assertEquals(1L, node.counter("producers"), "only the new producer is left");
        a2.close();
        b.close();
        node.awaitCounter("transports", 0);
    }
}
