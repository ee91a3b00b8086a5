package dev.chorus.media.speaker;

import static dev.chorus.media.speaker.SpeakerSim.burst;
import static dev.chorus.media.speaker.SpeakerSim.silence;
import static dev.chorus.media.speaker.SpeakerSim.speech;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** 1000 silent participants and 3 active ones: only the active ones cost anything. */
class LargeRoomTest {

    @Test
    void thousandSilentAndThreeActiveSpeakers() {
        SpeakerSim sim = new SpeakerSim();
        for (int i = 0; i < 1000; i++) {
            // Most send digital silence; every tenth has faint background noise (-75 dBov) that is never speech.
            sim.speaker("silent-" + i, i % 10 == 0 ? burst(0, 60_000, 75) : silence());
        }
        sim.speaker("x", speech(1000, 60_000, 22)).speaker("y", speech(3000, 60_000, 30))
            .speaker("z", speech(3500, 60_000, 38));
        sim.runUntil(1000);
        assertEquals(0, sim.detector.scoredCount(), "nobody has spoken yet");
        sim.runUntil(8000);
        assertEquals("x", sim.detector.dominant(), "the first sustained speaker holds the floor");
        assertEquals(3, sim.detector.scoredCount(), "only the three active speakers are scored");
        assertEquals(List.of("x", "y", "z"), sim.detector.speaking().stream().map(SpeakerVolume::id).toList());
        assertEquals(List.of(-22, -30, -38), sim.detector.speaking().stream().map(SpeakerVolume::volume).toList());
        // Silent producers send no summaries at all (so the detector never even hears of them); the noisy hundred
        // and the three speakers send one per report round.
        assertEquals(103, sim.detector.speakerCount());
        int perRound = sim.summaries / (8000 / 200);
        assertTrue(perRound <= 103, "summaries per report round: " + perRound);
        assertTrue(Set.copyOf(sim.detector.history()).equals(Set.of("x")), "history " + sim.detector.history());
    }
}
