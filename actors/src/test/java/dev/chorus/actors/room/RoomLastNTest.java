package dev.chorus.actors.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.actors.peer.PeerEntity.LastNSelection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The room's last-N without actors: effective limits from settings and size (a table), and which members are told
 * what when the dominant speaker, membership, producers or settings change. Speakers are injected as the room
 * feeds them ({@link RoomLastN#spoke}); room states are built by hand.
 */
class RoomLastNTest {
    private static final LastNConfig AUTO_ABOVE_3 = new LastNConfig(3, 2, 1);

    static Stream<Arguments> limitRows() {
        LastNConfig c = new LastNConfig(20, 5, 9);
        return Stream.of(
            Arguments.of("automatic, small room: off", null, null, 20, c, -1, -1),
            Arguments.of("automatic, above the threshold: on", null, null, 21, c, 5, 9),
            Arguments.of("explicit video only, small room", 3, null, 5, c, -1, 3),
            Arguments.of("explicit video only, large room", 3, null, 50, c, 5, 3),
            Arguments.of("explicitly off in a large room", -1, -1, 500, c, -1, -1),
            Arguments.of("explicit zero: only pinned peers", 0, 0, 2, c, 0, 0),
            Arguments.of("explicit audio only", null, 4, 2, c, 4, -1),
            Arguments.of("node default -1: automatic never limits", null, null, 500, new LastNConfig(20, -1, -1),
                    -1, -1),
            Arguments.of("threshold 0: on with one peer", null, null, 1, new LastNConfig(0, 2, 3), 2, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limitRows")
    void effectiveLimits(String name, Integer lastN, Integer lastNAudio, int joined, LastNConfig config,
                         int audio, int video) {
        RoomSettings s = new RoomSettings(null, lastN, null, null, lastNAudio, null);
        assertEquals(new RoomLastN.Limits(audio, video), RoomLastN.limits(s, joined, config));
    }

    // ---- room states by hand ----------------------------------------------------------------------------------

    /** Members in join order; {@code publishers} of audio and video (each peer "a-<id>" / "v-<id>"). */
    private static RoomState room(RoomSettings settings, List<String> members, List<String> audio,
                                  List<String> video) {
        Map<String, RoomState.Member> m = new LinkedHashMap<>();
        members.forEach(id -> m.put(id, new RoomState.Member(id, null, "n1", null, Instant.EPOCH)));
        Map<String, RoomEntity.ProducerSummary> p = new LinkedHashMap<>();
        audio.forEach(id -> p.put("a-" + id, new RoomEntity.ProducerSummary("a-" + id, id, "audio", null, "n1")));
        video.forEach(id -> p.put("v-" + id, new RoomEntity.ProducerSummary("v-" + id, id, "video", null, "n1")));
        return new RoomState(true, settings, "api", Instant.EPOCH, m, p);
    }

    private static RoomSettings limits(Integer audio, Integer video, String... pinned) {
        return new RoomSettings(null, video, null, null, audio, List.of(pinned));
    }

    private static final List<String> SIX = List.of("A", "B", "C", "D", "E", "F");

    @Test
    void everyMemberIsToldAtFirstThenOnlyThoseWhoseSetChangesWhenTheSpeakerChanges() {
        RoomLastN lastN = new RoomLastN(LastNConfig.DEFAULTS);
        RoomState s = room(limits(2, 2), SIX, SIX, SIX);
        Map<String, LastNSelection> first = lastN.update(s);
        assertEquals(SIX, new ArrayList<>(first.keySet()), "everyone is told its first selection");
        assertEquals(new LastNSelection(List.of("B", "C"), List.of("B", "C")), first.get("A"), "fill in join order");
        assertEquals(new LastNSelection(List.of("A", "B"), List.of("A", "B")), first.get("F"));
        assertTrue(lastN.update(s).isEmpty(), "nothing changed, nobody is told");

        assertTrue(lastN.spoke("E"));
        Map<String, LastNSelection> e = lastN.update(s);
        assertEquals(List.of("A", "B", "C", "D", "F"), new ArrayList<>(e.keySet()), "E's own set is unchanged");
        assertEquals(new LastNSelection(List.of("E", "B"), List.of("E", "B")), e.get("A"),
                "the speaker enters first; the last filler (C) leaves");
        assertEquals(new LastNSelection(List.of("E", "A"), List.of("E", "A")), e.get("B"));

        assertTrue(lastN.spoke("D"));
        Map<String, LastNSelection> d = lastN.update(s);
        assertEquals(new LastNSelection(List.of("D", "E"), List.of("D", "E")), d.get("A"));
        assertEquals(new LastNSelection(List.of("D", "A"), List.of("D", "A")), d.get("E"), "E never selects itself");

        assertTrue(lastN.spoke("E"), "E speaks again: the history reorders");
        assertTrue(lastN.update(s).isEmpty(), "a change of recency within the set tells nobody");
        assertFalse(lastN.spoke("E"), "the same speaker again is no change");
        assertEquals(List.of("E", "D"), lastN.history());
    }

    @Test
    void pinnedPeersAreAlwaysSelectedEvenBeyondTheLimit() {
        RoomLastN lastN = new RoomLastN(LastNConfig.DEFAULTS);
        RoomState s = room(limits(2, 1, "F", "C"), SIX, SIX, SIX);
        lastN.spoke("A");
        lastN.spoke("B");
        Map<String, LastNSelection> told = lastN.update(s);
        assertEquals(new LastNSelection(List.of("F", "C"), List.of("F", "C")), told.get("A"),
                "pinned peers fill the slots first and exceed a smaller limit");
        assertEquals(new LastNSelection(List.of("F", "C"), List.of("F", "C")), told.get("D"));
        assertEquals(new LastNSelection(List.of("C", "B"), List.of("C")), told.get("F"),
                "a pinned peer does not receive itself; the audio slot left goes to the latest speaker");
        for (String speaker : List.of("D", "E", "A")) {
            lastN.spoke(speaker);
            lastN.update(s);
        }
        Map<String, LastNSelection> again = lastN.update(room(limits(3, 1, "F", "C"), SIX, SIX, SIX));
        assertEquals(new LastNSelection(List.of("F", "C", "A"), List.of("F", "C")), again.get("B"));
    }

    @Test
    void automaticLastNSwitchesOnAboveTheThresholdAndOffAgain() {
        RoomLastN lastN = new RoomLastN(AUTO_ABOVE_3);
        RoomSettings automatic = RoomSettings.DEFAULT;
        Map<String, LastNSelection> three = lastN.update(room(automatic, List.of("A", "B", "C"),
                List.of("A", "B", "C"), List.of("A", "B", "C")));
        assertEquals(3, three.size());
        three.values().forEach(sel -> {
            assertNull(sel.audio(), "three peers: everyone's audio");
            assertNull(sel.video(), "and video");
        });

        List<String> four = List.of("A", "B", "C", "D");
        Map<String, LastNSelection> on = lastN.update(room(automatic, four, four, four));
        assertEquals(four, new ArrayList<>(on.keySet()), "a fourth peer: everyone's selection changes");
        assertEquals(new LastNSelection(List.of("B", "C"), List.of("B")), on.get("A"));
        assertEquals(new LastNSelection(List.of("A", "B"), List.of("A")), on.get("D"));

        lastN.removePeer("D");
        Map<String, LastNSelection> off = lastN.update(room(automatic, List.of("A", "B", "C"),
                List.of("A", "B", "C"), List.of("A", "B", "C")));
        assertEquals(List.of("A", "B", "C"), new ArrayList<>(off.keySet()));
        off.values().forEach(sel -> assertEquals(new LastNSelection(null, null), sel, "back to everyone"));

        RoomSettings explicitOff = new RoomSettings(null, -1, null, null, -1, null);
        assertTrue(lastN.update(room(explicitOff, four, four, four)).keySet().equals(java.util.Set.of("D")),
                "explicitly off: four peers stay unlimited; only the newcomer is told");
    }

    @Test
    void eligibilityFollowsProducersAndALeaverIsReplaced() {
        RoomLastN lastN = new RoomLastN(LastNConfig.DEFAULTS);
        List<String> members = List.of("A", "B", "C", "D");
        lastN.update(room(limits(2, 2), members, List.of("B", "C"), List.of("C")));
        Map<String, LastNSelection> video = lastN.update(room(limits(2, 2), members, List.of("B", "C"),
                List.of("C", "D")));
        assertEquals(new LastNSelection(List.of("B", "C"), List.of("C", "D")), video.get("A"),
                "D's new camera fills a free video slot");
        assertEquals(List.of("D"), video.get("C").video(), "and C's, which had nobody else's video");
        assertFalse(video.containsKey("D"), "its own camera changes nothing for D");

        lastN.spoke("D");
        lastN.removePeer("C");
        Map<String, LastNSelection> left = lastN.update(room(limits(2, 2), List.of("A", "B", "D"), List.of("B"),
                List.of("D")));
        assertEquals(new LastNSelection(List.of("B"), List.of("D")), left.get("A"));
        assertEquals(List.of("D"), lastN.history());
    }

    @Test
    void aLargeRoomIsComputedOnceAndOnlyTheAffectedAreTold() {
        RoomLastN lastN = new RoomLastN(LastNConfig.DEFAULTS);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            members.add("p" + i);
        }
        List<String> talkers = members.subList(0, 20);
        RoomState s = room(RoomSettings.DEFAULT, members, talkers, talkers);
        assertEquals(1000, lastN.update(s).size(), "1000 peers, above 20: automatic last-N for everyone");
        lastN.spoke("p3");
        assertTrue(lastN.update(s).isEmpty(), "p3 was already among everyone's first fillers: nobody is told");
        lastN.spoke("p15");
        Map<String, LastNSelection> told = lastN.update(s);
        assertEquals(999, told.size(), "p15 enters everyone's audio and video but its own");
        assertFalse(told.containsKey("p15"));
        assertEquals(List.of("p15", "p3", "p0", "p1", "p2"), told.get("p500").audio());
        assertEquals(9, told.get("p500").video().size());
    }
}
