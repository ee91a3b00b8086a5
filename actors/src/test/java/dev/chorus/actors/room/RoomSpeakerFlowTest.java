package dev.chorus.actors.room;

import static dev.chorus.actors.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.TestSession;
import dev.chorus.media.speaker.LevelSummary;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sharded room turns {@link RoomEntity.AudioLevels} into {@code activeSpeaker} and {@code speakingPeers}
 * notifications for its joined peers (observed through a real PeerEntity and session). The test plays the media
 * node: it posts a synthetic summary every 200 ms while the speaker talks, and nothing once it is silent.
 */
class RoomSpeakerFlowTest {
    private static final JsonNode DEVICE = obj("{'flag':'chrome','name':'Chrome','version':'130'}");

    private static ChorusTestNode node;
    private final ScheduledExecutorService mediaNode = Executors.newSingleThreadScheduledExecutor();
    private TestSession watcher;

    @BeforeAll
    static void startNode() {
        node = ChorusTestNode.start("RoomSpeakerFlowTest");
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void tearDown() {
        mediaNode.shutdownNow();
        if (watcher != null) {
            watcher.close();
        }
    }

    private static void join(String roomId, String peerId) {
        TestProbe<StatusReply<RoomEntity.JoinResult>> probe = node.testKit().createTestProbe();
        node.room(roomId).tell(new RoomEntity.Join(peerId, peerId, DEVICE, true, probe.ref()));
        assertTrue(probe.receiveMessage(ChorusTestNode.WAIT).isSuccess());
    }

    private static LevelSummary loud(int level) {
        return new LevelSummary(50, new byte[] {(byte) level, (byte) level, (byte) (level + 8), (byte) level}, 0xF,
                level, 10, 0, 0);
    }

    @Test
    void aSpeakerIsAnnouncedToEveryJoinedPeerAndSilenceClearsIt() {
        String r = "room-speaker";
        watcher = node.session(r, "watcher").attach(true);
        watcher.ok("join", obj("{'displayName':'Watcher'}"));
        join(r, "alice");
        node.room(r).tell(new RoomEntity.ProducerAdded("alice", "a-mic", "audio", obj("{'source':'mic'}"), "n"));
        node.room(r).tell(new RoomEntity.ProducerAdded("alice", "a-cam", "video", obj("{'source':'webcam'}"), "n"));
        watcher.notification("newPeer");

        AtomicInteger level = new AtomicInteger(20);
        mediaNode.scheduleAtFixedRate(() -> {
            int l = level.get();
            if (l >= 0) {
                node.room(r).tell(new RoomEntity.AudioLevels(Map.of("a-mic", loud(l), "a-cam", loud(l),
                        "unknown", loud(l))));
            }
        }, 0, 200, TimeUnit.MILLISECONDS);

        JsonNode active = watcher.notification("activeSpeaker");
        assertEquals("alice", active.path("peerId").asText(), active.toString());
        assertTrue(active.path("volume").asInt() < 0, "volume in dBov: " + active);
        JsonNode speaking = watcher.notification("speakingPeers");
        assertEquals("alice", speaking.path("peerVolumes").path(0).path("peerId").asText(), speaking.toString());
        assertEquals(1, speaking.path("peerVolumes").size(), "video and unknown producers are no speakers");

        TestSession late = node.session(r, "late").attach(true);
        try {
            late.ok("join", obj("{'displayName':'Late'}"));
            assertEquals("alice", late.notification("activeSpeaker").path("peerId").asText(),
                    "a peer joining while alice speaks is told so");
        } finally {
            late.close();
        }
        assertEquals("late", watcher.notification("peerClosed").path("peerId").asText());

        level.set(-1); // silence: the media node posts nothing
        JsonNode silence = watcher.notification("activeSpeaker");
        assertTrue(silence.has("peerId") && silence.get("peerId").isNull(), silence.toString());

        level.set(25); // alice talks again, then leaves while holding the floor
        assertEquals("alice", watcher.notification("activeSpeaker").path("peerId").asText());
        level.set(-1);
        node.room(r).tell(new RoomEntity.Leave("alice"));
        assertEquals("alice", watcher.notification("peerClosed").path("peerId").asText());
        assertTrue(watcher.notification("activeSpeaker").get("peerId").isNull(), "the floor is empty");
    }
}
