package dev.chorus.media.speaker;

import static dev.chorus.media.speaker.SpeakerSim.burst;
import static dev.chorus.media.speaker.SpeakerSim.silence;
import static dev.chorus.media.speaker.SpeakerSim.speech;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Switching, hysteresis and silence of {@link DominantSpeaker}, on scripted levels and simulated time. */
class DominantSpeakerTest {

    @Test
    void aSustainedSpeakerTakesTheEmptyFloor() {
        SpeakerSim sim = new SpeakerSim().speaker("A", speech(2000, 10_000, 25)).speaker("B", silence())
            .runUntil(6000);
        long t = sim.firstChangeTo("A", 0);
        assertTrue(t >= 2000 + 400 && t <= 2000 + 1500, "A took the floor at " + t);
        assertEquals(List.of(new SpeakerSim.Change(t, "A")), sim.changes);
        assertEquals("A", sim.detector.dominant());
        assertEquals(-25, sim.detector.dominantVolume());
    }

    @Test
    void theNextSpeakerTakesOverOnlyAfterSustainedSpeech() {
        SpeakerSim sim = new SpeakerSim().speaker("A", speech(1000, 6000, 25)).speaker("B", speech(6000, 12_000, 20))
            .runUntil(12_000);
        long t = sim.firstChangeTo("B", 0);
        assertTrue(t >= 6000 + 600 && t <= 6000 + 2000, "B took the floor at " + t);
        assertEquals(List.of("A", "B"), sim.changes.stream().map(SpeakerSim.Change::id).toList());
        assertEquals(List.of("B", "A"), sim.detector.history());
    }

    @Test
    void aCoughDoesNotTakeTheFloor() {
        // A talks with pauses; C coughs loudly, also right inside A's pauses (A pauses at 350..450 of each 450).
        SpeakerSim.Script coughs = silence().and(burst(3000 + 350, 3000 + 550, 5)).and(burst(5050, 5250, 3))
            .and(burst(7000, 7150, 0));
        SpeakerSim sim = new SpeakerSim().speaker("A", speech(1000, 9000, 30)).speaker("C", coughs).runUntil(9000);
        assertEquals(List.of("A"), sim.changes.stream().map(SpeakerSim.Change::id).toList());
    }

    @Test
    void aCoughIntoASilentRoomDoesNotTakeTheFloor() {
        SpeakerSim sim = new SpeakerSim().speaker("A", silence().and(burst(1000, 1200, 0)).and(burst(4000, 4250, 0)))
            .speaker("B", silence()).runUntil(8000);
        assertEquals(List.of(), sim.changes);
        assertNull(sim.detector.dominant());
        // Control: without the long-term condition the same cough does take the floor.
        DominantSpeakerConfig noLongTerm = DominantSpeakerConfig.builder().switchThresholds(1, 1, -50).build();
        SpeakerSim control = new SpeakerSim(noLongTerm)
            .speaker("A", silence().and(burst(1000, 1200, 0)).and(burst(4000, 4250, 0))).speaker("B", silence())
            .runUntil(8000);
        assertEquals("A", control.changes.get(0).id());
    }

    @Test
    void theIncumbentKeepsTheFloorWhileAnotherTalksOverIt() {
        SpeakerSim sim = new SpeakerSim().speaker("A", speech(0, 20_000, 30)).speaker("B", speech(4000, 20_000, 20))
            .runUntil(20_000);
        assertEquals(List.of("A"), sim.changes.stream().map(SpeakerSim.Change::id).toList());
        assertEquals(List.of("A", "B"), sim.detector.speaking().stream().map(SpeakerVolume::id).toList()
            .stream().sorted().toList());
    }

    @Test
    void aLouderChallengerWinsWhenTheDominantFadesButOnlyAfterSustainedSpeech() {
        // A keeps murmuring near its noise floor from 4 s; B speaks loudly, first briefly (400 ms), then for good.
        SpeakerSim.Script a = speech(0, 4000, 30).and(burst(4000, 20_000, 70));
        SpeakerSim.Script b = silence().and(burst(4200, 4600, 10)).and(speech(5000, 20_000, 10));
        SpeakerSim sim = new SpeakerSim().speaker("A", a).speaker("B", b).runUntil(20_000);
        long t = sim.firstChangeTo("B", 0);
        assertTrue(t >= 5000 + 300 && t <= 5000 + 2000, "B took the floor at " + t);
        assertEquals(List.of("A", "B"), sim.changes.stream().map(SpeakerSim.Change::id).toList());
    }

    @Test
    void silenceEmptiesTheFloorAfterTheTimeout() {
        // A's last speech slot ends at 2000 + 4 * 450 + 350 = 4150 (speech ends at 4200).
        SpeakerSim sim = new SpeakerSim().speaker("A", speech(2000, 4200, 25)).speaker("B", silence())
            .runUntil(12_000);
        long none = sim.firstChangeTo(null, 0);
        assertTrue(none >= 4150 + 3000 && none <= 4150 + 3000 + 800, "floor emptied at " + none);
        assertEquals(List.of("A"), sim.detector.history(), "history outlives the silence");
        assertEquals(List.of(), sim.detector.speaking());
    }

    @Test
    void noSwitchBeforeTheMinimumInterval() {
        // A talks, then only says a few words every 2 s (never silent long enough to lose the floor to silence);
        // B talks continuously from 4 s and qualifies long before the 8 s minimum interval has passed.
        SpeakerSim.Script a = speech(1000, 4000, 25).and(burst(5000, 5400, 25)).and(burst(7000, 7400, 25))
            .and(burst(9000, 9400, 25));
        DominantSpeakerConfig cfg = DominantSpeakerConfig.builder().minSwitchIntervalMs(8000).build();
        SpeakerSim sim = new SpeakerSim(cfg).speaker("A", a).speaker("B", speech(4000, 20_000, 25)).runUntil(20_000);
        long first = sim.firstChangeTo("A", 0);
        long b = sim.firstChangeTo("B", 0);
        assertTrue(b >= first + 8000 && b <= first + 8000 + 600, "A at " + first + ", B at " + b);
        assertEquals(List.of("A", "B"), sim.changes.stream().map(SpeakerSim.Change::id).toList());
        SpeakerSim quick = new SpeakerSim().speaker("A", a).speaker("B", speech(4000, 20_000, 25)).runUntil(20_000);
        assertTrue(quick.firstChangeTo("B", 0) < first + 8000, "the default interval allows an earlier switch");
    }

    @Test
    void aSilentDominantIsReplacedDespiteTheMinimumInterval() {
        DominantSpeakerConfig cfg = DominantSpeakerConfig.builder().minSwitchIntervalMs(60_000).build();
        SpeakerSim sim = new SpeakerSim(cfg).speaker("A", speech(1000, 3000, 25))
            .speaker("B", speech(3000, 20_000, 25)).runUntil(20_000);
        assertEquals(List.of("A", "B"), sim.changes.stream().map(SpeakerSim.Change::id).toList());
        long b = sim.firstChangeTo("B", 0);
        assertTrue(b >= 2950 + 3000 && b <= 2950 + 3000 + 400, "B at " + b);
    }

    @Test
    void steadyBackgroundNoiseIsNotSpeech() {
        // A has a fan at -45 dBov the whole time, B starts talking later.
        SpeakerSim sim = new SpeakerSim().speaker("A", burst(0, 30_000, 45)).speaker("B", speech(15_000, 30_000, 35))
            .runUntil(30_000);
        assertEquals(List.of("B"), sim.changes.stream().map(SpeakerSim.Change::id).toList());
    }

    @Test
    void speakingPeersAreOrderedLoudestFirstWithTheirVolumes() {
        SpeakerSim sim = new SpeakerSim().speaker("quiet", speech(0, 5000, 35)).speaker("loud", speech(0, 5000, 20))
            .speaker("mute", silence()).runUntil(2000);
        assertEquals(List.of(new SpeakerVolume("loud", -20), new SpeakerVolume("quiet", -35)),
            sim.detector.speaking());
    }

    @Test
    void removingTheDominantSpeakerEmptiesTheFloor() {
        SpeakerSim sim = new SpeakerSim().speaker("A", speech(0, 10_000, 25)).speaker("B", speech(3000, 4000, 25))
            .runUntil(3000);
        assertEquals("A", sim.detector.dominant());
        sim.remove("A");
        assertNull(sim.detector.dominant());
        assertEquals(List.of(), sim.detector.history());
        assertTrue(sim.detector.speaking().isEmpty());
        sim.runUntil(6000);
        assertEquals("B", sim.detector.dominant(), "the remaining speaker takes the empty floor");
        assertTrue(!sim.detector.removeSpeaker("nobody"));
    }

    @Test
    void summariesDeliveredLessOftenGiveTheSameOutcome() {
        SpeakerSim sim = new SpeakerSim(new DominantSpeaker(), 350, 250)
            .speaker("A", speech(1000, 6000, 25)).speaker("B", speech(6000, 12_000, 20))
            .speaker("C", silence().and(burst(3000, 3200, 5))).runUntil(16_000);
        assertEquals(List.of("A", "B"), sim.changes.stream().limit(2).map(SpeakerSim.Change::id).toList());
        long t = sim.firstChangeTo("B", 0);
        assertTrue(t >= 6000 + 600 && t <= 6000 + 2000, "B took the floor at " + t);
    }

    @Test
    void summariesArrivingInABurstDoNotRewriteHistory() {
        DominantSpeaker ds = new DominantSpeaker();
        byte[] loud = new byte[8];
        java.util.Arrays.fill(loud, (byte) 20);
        LevelSummary s = new LevelSummary(50, loud, 0, 20, 20, 0, 0);
        ds.onSummary("A", new LevelSummary(50, new byte[] {127}, 0, 127, 1, 0, 0), 0);
        // Eight 400 ms summaries delivered at the same instant: only maxLag's worth lands ahead of real time.
        for (int i = 0; i < 8; i++) {
            ds.onSummary("A", s, 1000);
        }
        ds.evaluate(1000);
        assertEquals("A", ds.dominant());
        for (long t = 1000; t <= 6000; t += 300) {
            ds.evaluate(t);
        }
        assertNull(ds.dominant(), "3 s after the burst's last slot the floor is empty");
    }

    @Test
    void theVoiceFlagCanGateActivity() {
        byte[] loud = new byte[4];
        java.util.Arrays.fill(loud, (byte) 20);
        DominantSpeaker gated = new DominantSpeaker(DominantSpeakerConfig.builder().useVoiceFlag(true).build());
        DominantSpeaker open = new DominantSpeaker();
        for (long t = 0; t <= 3000; t += 200) {
            LevelSummary noVoice = new LevelSummary(50, loud, 0L, 20, 10, 0, 0);
            gated.onSummary("A", noVoice, t);
            open.onSummary("A", noVoice, t);
            gated.evaluate(t);
            open.evaluate(t);
        }
        assertNull(gated.dominant());
        assertEquals("A", open.dominant());
    }

    @Test
    void rejectsSummariesOfAnotherSubInterval() {
        DominantSpeaker ds = new DominantSpeaker();
        assertThrows(IllegalArgumentException.class,
            () -> ds.onSummary("A", new LevelSummary(20, new byte[] {1}, 0, 1, 1, 0, 0), 0));
    }
}
