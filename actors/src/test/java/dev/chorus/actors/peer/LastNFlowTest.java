package dev.chorus.actors.peer;

import static dev.chorus.actors.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.Json;
import dev.chorus.actors.TestSession;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.actors.room.RoomSettings;
import dev.chorus.media.speaker.LevelSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Last-N through the whole control plane on a real loopback media plane: the room's selection (automatic above
 * three peers, one audio stream each here) reaches the peers, whose consumers of unselected peers are paused
 * server-side (the consumer stats' {@code selected}) and reported to the client as {@code consumerPaused} /
 * {@code consumerResumed}; audio of a peer a subscriber never selected is offered only once it is selected. The test plays the media node for audio levels (synthetic summaries every 200 ms).
 */
class LastNFlowTest {
    private static ChorusTestNode node;
    private final List<TestSession> opened = new ArrayList<>();
    private final ScheduledExecutorService mediaNode = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void startNode() {
        node = ChorusTestNode.start("LastNFlowTest", """
                chorus.peer.grace-period = 0s
                chorus.room.last-n { auto-above = 3, audio = 1, video = 1 }
                """, true);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void closeSessions() {
        mediaNode.shutdownNow();
        opened.forEach(TestSession::close);
        node.awaitCounter("consumers", 0);
        node.awaitCounter("producers", 0);
        node.awaitCounter("transports", 0);
    }

    /** A client: joined with capabilities, a consuming transport and, if it publishes, a producing one. */
    private final class Client {
        final String room;
        final TestSession session;
        String sendTransport;
        /** Producer id → this client's consumer of it. */
        final Map<String, String> consumerOf = new HashMap<>();

        Client(String room, String peerId, boolean publishes) {
            this.room = room;
            session = node.session(room, peerId).attach(true);
            opened.add(session);
            JsonNode caps = session.ok("getRouterRtpCapabilities", Json.object()).get("routerRtpCapabilities");
            if (publishes) {
                sendTransport = transport(false);
            }
            transport(true);
            ObjectNode join = obj("{'device':{'flag':'chrome','name':'Chrome','version':'126'}}");
            join.put("displayName", peerId);
            join.set("rtpCapabilities", caps);
            session.ok("join", join);
        }

        private String transport(boolean consuming) {
            ObjectNode create = obj("{'forceTcp':false}").put("producing", !consuming).put("consuming", consuming);
            return session.ok("createWebRtcTransport", create).get("id").asText();
        }

        /** Publishes a microphone and waits until the room lists it. */
        String produceMic() {
            String id = session.ok("produce", PeerProtocolTest.produceOpus(sendTransport)).get("id").asText();
            node.testKit().createTestProbe().awaitAssert(ChorusTestNode.WAIT, Duration.ofMillis(10), () -> {
                TestProbe<RoomEntity.RoomInfo> probe = node.testKit().createTestProbe();
                node.room(room).tell(new RoomEntity.GetInfo(probe.ref()));
                assertTrue(probe.receiveMessage(ChorusTestNode.WAIT).producers().stream()
                        .anyMatch(p -> p.producerId().equals(id)));
                return null;
            });
            return id;
        }

        /**
         * Accepts the next {@code n} newConsumer offers (in whatever order they come); returns, by producer id,
         * whether each announced its consumer as remotely paused ({@code producerPaused}).
         */
        Map<String, Boolean> accept(int n) {
            Map<String, Boolean> paused = new HashMap<>();
            for (int i = 0; i < n; i++) {
                SessionOut.Request offer = session.request("newConsumer");
                String producerId = offer.data().get("producerId").asText();
                consumerOf.put(producerId, offer.data().get("id").asText());
                paused.put(producerId, offer.data().get("producerPaused").asBoolean());
                session.answer(offer, true);
            }
            return paused;
        }

        String consumer(String producerId) {
            return consumerOf.get(producerId);
        }

        /** Waits until this client's consumer of {@code producerId} is (or is not) selected in the media plane. */
        void awaitSelected(String producerId, boolean selected) {
            node.testKit().createTestProbe().awaitAssert(ChorusTestNode.WAIT, Duration.ofMillis(20), () -> {
                JsonNode stats = stats(producerId);
                assertEquals(selected, stats.get("selected").asBoolean(), () -> "stats " + stats);
                return null;
            });
        }

        JsonNode stats(String producerId) {
            return session.ok("getConsumerStats", obj("{'consumerId':'" + consumer(producerId) + "'}")).get(0);
        }

        /** The next {@code consumerPaused} / {@code consumerResumed} is for this client's consumer of the producer. */
        void expect(String method, String producerId) {
            assertEquals(consumer(producerId), session.notification(method).get("consumerId").asText(),
                    () -> method + " for the consumer of " + producerId);
        }

        void expectNoOffer(Duration d) {
            session.expectNo(m -> m instanceof SessionOut.Request r && r.method().equals("newConsumer"), d,
                    "newConsumer");
        }

        void expectNoPauseChange(Duration d) {
            session.expectNo(m -> m instanceof SessionOut.Notification n
                    && (n.method().equals("consumerPaused") || n.method().equals("consumerResumed")), d,
                    "consumerPaused/consumerResumed");
        }
    }

    private static LevelSummary loud(int level) {
        return new LevelSummary(50, new byte[] {(byte) level, (byte) level, (byte) (level + 8), (byte) level}, 0xF,
                level, 10, 0, 0);
    }

    private static void settings(String room, RoomSettings settings) {
        TestProbe<RoomEntity.AdminResult> probe = node.testKit().createTestProbe();
        node.room(room).tell(new RoomEntity.UpdateSettings(settings, probe.ref()));
        assertEquals(RoomEntity.AdminResult.Outcome.OK, probe.receiveMessage(ChorusTestNode.WAIT).outcome());
    }

    @Test
    void theSelectionFollowsSizeSpeakerAndPinsAndPausesConsumersServerSide() {
        String room = "last-n-flow";
        Client alice = new Client(room, "alice", true);
        Client bob = new Client(room, "bob", true);
        String aliceMic = alice.produceMic();
        assertEquals(Map.of(aliceMic, false), bob.accept(1));
        String bobMic = bob.produceMic();
        assertEquals(Map.of(bobMic, false), alice.accept(1));

        // Three peers: last-N is off, the listener receives both.
        Client carol = new Client(room, "carol", false);
        assertEquals(Map.of(aliceMic, false, bobMic, false), carol.accept(2));
        carol.awaitSelected(bobMic, true);

        // A fourth: automatic last-N switches on (one audio stream each). Nobody has spoken: join order fills it.
        // Dave is offered alice's audio only: bob's, outside his selection, is parked until bob enters it.
        Client dave = new Client(room, "dave", false);
        assertEquals(Map.of(aliceMic, false), dave.accept(1));
        dave.expectNoOffer(Duration.ofMillis(300));
        dave.awaitSelected(aliceMic, true);
        // Carol consumed bob before last-N applied: her consumer stays, paused server-side.
        carol.expect("consumerPaused", bobMic);
        carol.awaitSelected(bobMic, false);
        alice.expectNoPauseChange(Duration.ofMillis(300));
        bob.expectNoPauseChange(Duration.ofMillis(1));

        // The client's own resume does not start a consumer last-N paused.
        carol.session.ok("resumeConsumer", obj("{'consumerId':'" + carol.consumer(bobMic) + "'}"));
        JsonNode resumed = carol.stats(bobMic);
        assertEquals(false, resumed.get("paused").asBoolean(), () -> "the client's pause is clear: " + resumed);
        assertEquals(false, resumed.get("selected").asBoolean(), () -> "last-N still holds it: " + resumed);
        carol.expectNoPauseChange(Duration.ofMillis(300));

        // Bob takes the floor: he enters both listeners' sets, alice leaves them. Carol's consumer of bob is
        // resumed; dave is offered bob's parked audio now, unpaused.
        AtomicBoolean bobTalks = new AtomicBoolean(true);
        mediaNode.scheduleAtFixedRate(() -> {
            if (bobTalks.get()) {
                node.room(room).tell(new RoomEntity.AudioLevels(Map.of(bobMic, loud(20))));
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        assertEquals("bob", carol.session.notification("activeSpeaker").get("peerId").asText());
        carol.expect("consumerPaused", aliceMic);
        carol.expect("consumerResumed", bobMic);
        assertEquals(Map.of(bobMic, false), dave.accept(1), "the parked audio is consumed once selected");
        dave.expect("consumerPaused", aliceMic);
        for (Client listener : List.of(carol, dave)) {
            listener.awaitSelected(bobMic, true);
            listener.awaitSelected(aliceMic, false);
        }
        alice.expectNoPauseChange(Duration.ofMillis(300));
        bob.expectNoPauseChange(Duration.ofMillis(1));
        alice.awaitSelected(bobMic, true);
        bobTalks.set(false);

        // A pinned peer is always selected: alice takes the one slot back although bob spoke last.
        settings(room, new RoomSettings(null, null, RoomSettings.Publish.EVERYONE, List.of(), null,
                List.of("alice")));
        for (Client listener : List.of(carol, dave)) {
            listener.expect("consumerResumed", aliceMic);
            listener.expect("consumerPaused", bobMic);
            listener.awaitSelected(aliceMic, true);
        }
        // Unpinned, the most recent speaker is back.
        settings(room, RoomSettings.DEFAULT);
        for (Client listener : List.of(carol, dave)) {
            listener.expect("consumerPaused", aliceMic);
            listener.expect("consumerResumed", bobMic);
        }

        // Dave leaves: three peers again, automatic last-N is off, carol receives alice again.
        dave.session.close();
        opened.remove(dave.session);
        carol.expect("consumerResumed", aliceMic);
        carol.awaitSelected(aliceMic, true);
        carol.awaitSelected(bobMic, true);
        alice.expectNoPauseChange(Duration.ofMillis(300));
    }
}
