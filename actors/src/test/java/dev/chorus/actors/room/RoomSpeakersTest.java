package dev.chorus.actors.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.media.speaker.LevelSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RoomSpeakers} with synthetic level summaries and injected time: a simulated media node posts a summary of
 * four 50 ms sub-intervals per speaking producer every 200 ms (nothing for a silent one, after one quiet summary,
 * as the aggregator does), and the room evaluates every 300 ms.
 */
class RoomSpeakersTest {
    private static final int SILENT = 127;
    private static final long START = 1_700_000_000_000L; // any epoch works

    private final RoomSpeakers speakers = new RoomSpeakers();
    /** Producer id → peer id, as the room state would answer. */
    private final Map<String, String> producers = new HashMap<>(Map.of("a-mic", "alice", "b-mic", "bob",
            "a-screen", "alice"));
    /** Producer id → its current level in -dBov (127 = silent). */
    private final Map<String, Integer> talking = new HashMap<>();
    private final Map<String, Boolean> reportedQuiet = new HashMap<>();
    private final List<Timed> notices = new ArrayList<>();
    private long now = START;

    private record Timed(long atMs, RoomSpeakers.Notice notice) {
    }

    /** Runs the simulation for {@code ms} milliseconds in 50 ms steps. */
    private void run(long ms) {
        long end = now + ms;
        while (now < end) {
            now += 50;
            if ((now - START) % 200 == 0) {
                Map<String, LevelSummary> batch = new HashMap<>();
                talking.forEach((producer, level) -> {
                    boolean quiet = level >= SILENT;
                    if (quiet && reportedQuiet.getOrDefault(producer, true)) {
                        return; // the aggregator sends one quiet summary, then nothing
                    }
                    reportedQuiet.put(producer, quiet);
                    batch.put(producer, summary(level));
                });
                if (!batch.isEmpty()) {
                    speakers.onLevels(batch, producers::get, now);
                }
            }
            if ((now - START) % 300 == 0) {
                speakers.evaluate(now).forEach(n -> notices.add(new Timed(now, n)));
            }
        }
    }

    /** Four sub-intervals: speech-like, the given level with a 10 dB dip in one of them. */
    private static LevelSummary summary(int level) {
        byte[] levels = new byte[4];
        Arrays.fill(levels, (byte) level);
        if (level < SILENT) {
            levels[2] = (byte) Math.min(SILENT, level + 10);
        }
        int loudest = level;
        return new LevelSummary(50, levels, level < SILENT ? 0xF : 0, loudest, 10, 0, 0);
    }

    private List<JsonNode> sent(String method) {
        return notices.stream().filter(t -> t.notice().method().equals(method)).map(t -> t.notice().data()).toList();
    }

    private List<String> activeSpeakers() {
        return sent("activeSpeaker").stream().map(d -> d.get("peerId").isNull() ? null : d.get("peerId").asText())
                .toList();
    }

    @Test
    void aLoudPeerTakesTheFloorAndSilenceEmptiesIt() {
        talking.put("a-mic", 20);
        talking.put("b-mic", SILENT);
        run(3000);
        assertEquals(List.of("alice"), activeSpeakers(), "alice speaks: she becomes the active speaker");
        JsonNode first = sent("activeSpeaker").get(0);
        int volume = first.get("volume").asInt();
        assertTrue(volume < 0 && volume >= -127, "volume in dBov, negative: " + first);
        JsonNode speaking = sent("speakingPeers").get(0);
        assertEquals("alice", speaking.get("peerVolumes").get(0).get("peerId").asText(), speaking.toString());
        assertTrue(speaking.get("peerVolumes").get(0).get("volume").asInt() < 0, speaking.toString());
        assertTrue(speakers.busy(now));

        List<RoomSpeakers.Notice> catchUp = speakers.current();
        assertEquals(List.of("activeSpeaker", "speakingPeers"),
                catchUp.stream().map(RoomSpeakers.Notice::method).toList(), "what a newcomer is told");
        assertEquals("alice", catchUp.get(0).data().get("peerId").asText());

        talking.put("a-mic", SILENT);
        run(6000);
        assertEquals(Arrays.asList("alice", null), activeSpeakers(), "silence: {peerId: null}");
        assertTrue(speakers.current().isEmpty(), "a newcomer to a silent room is told nothing");
        JsonNode none = sent("activeSpeaker").get(1);
        assertTrue(none.has("peerId") && none.get("peerId").isNull() && !none.has("volume"), none.toString());
        List<JsonNode> lists = sent("speakingPeers");
        assertEquals(0, lists.get(lists.size() - 1).get("peerVolumes").size(), "and nobody is speaking: " + lists);
        assertFalse(speakers.busy(now), "a silent room needs no more evaluations");
        int before = notices.size();
        run(3000);
        assertEquals(before, notices.size(), "nothing more is sent while the room stays silent");
    }

    @Test
    void theFloorMovesToTheNextSpeaker() {
        talking.put("a-mic", 20);
        run(3000);
        talking.put("a-mic", SILENT);
        talking.put("b-mic", 25);
        run(4000);
        assertEquals(List.of("alice", "bob"), activeSpeakers());
        assertEquals("bob", speakers.activePeer());
    }

    @Test
    void speakingPeersIsSentAtMostOncePerSecond() {
        for (int i = 0; i < 16; i++) { // volumes wander, so the list keeps changing
            talking.put("a-mic", 14 + (i % 3) * 3);
            talking.put("b-mic", 22 + (i % 2) * 4);
            run(500);
        }
        List<Timed> lists = notices.stream().filter(t -> t.notice().method().equals("speakingPeers")).toList();
        assertTrue(lists.size() >= 3, "speaking peers are reported while they talk: " + lists);
        for (int i = 1; i < lists.size(); i++) {
            assertTrue(lists.get(i).atMs() - lists.get(i - 1).atMs() >= RoomSpeakers.SPEAKING_MIN_INTERVAL_MS,
                    "speakingPeers too often: " + lists);
        }
        JsonNode last = lists.get(lists.size() - 1).notice().data().get("peerVolumes");
        assertEquals(2, last.size(), last.toString());
        assertEquals("alice", last.get(0).get("peerId").asText(), "loudest first: " + last);
    }

    @Test
    void aPeerWithTwoAudioProducersIsOneSpeaker() {
        talking.put("a-mic", 20);
        talking.put("a-screen", 22);
        run(4000);
        assertEquals(List.of("alice"), activeSpeakers());
        for (JsonNode list : sent("speakingPeers")) {
            assertEquals(1, list.get("peerVolumes").size(), "one entry per peer: " + list);
        }
    }

    @Test
    void unknownProducersAreIgnored() {
        talking.put("ghost", 10);
        producers.put("ghost", null);
        run(4000);
        assertTrue(notices.isEmpty(), "no speaker without a known peer: " + notices);
        assertFalse(speakers.busy(now));
    }

    @Test
    void whenTheActiveSpeakerLeavesTheFloorIsEmptyAndAnotherCanTakeIt() {
        talking.put("a-mic", 20);
        run(3000);
        assertEquals("alice", speakers.activePeer());
        List<RoomSpeakers.Notice> onLeave = speakers.removePeer("alice");
        talking.remove("a-mic");
        producers.remove("a-mic");
        assertEquals(1, onLeave.size());
        assertTrue(onLeave.get(0).data().get("peerId").isNull(), onLeave.toString());
        assertTrue(speakers.removePeer("alice").isEmpty(), "told once");
        talking.put("b-mic", 20);
        run(3000);
        assertEquals(List.of("alice", "bob"), activeSpeakers().stream().filter(p -> p != null).toList());
        assertTrue(speakers.removeProducer("a-screen").isEmpty(), "an unknown producer changes nothing");
    }

    @Test
    void closingTheRoomForgetsEverything() {
        talking.put("a-mic", 20);
        run(3000);
        speakers.clear();
        assertEquals(null, speakers.activePeer());
        assertFalse(speakers.busy(now), "a cleared room (closed) forgets everything");
    }
}
