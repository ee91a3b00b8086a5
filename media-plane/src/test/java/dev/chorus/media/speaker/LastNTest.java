package dev.chorus.media.speaker;

import static dev.chorus.media.speaker.SpeakerSim.silence;
import static dev.chorus.media.speaker.SpeakerSim.speech;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.speaker.LastN.Selection;
import java.util.List;
import org.junit.jupiter.api.Test;

class LastNTest {
    private static final List<String> ALL = List.of("A", "B", "C", "D");

    private static Selection select(int n, List<String> history, List<String> pinned, List<String> eligible,
            String self, Selection previous) {
        return LastN.select(n, history, pinned, eligible, self, previous.selected());
    }

    @Test
    void theMostRecentSpeakersAreSelected() {
        Selection s = select(2, List.of("C", "B", "A"), List.of(), ALL, null, Selection.EMPTY);
        assertEquals(List.of("C", "B"), s.selected());
        assertEquals(List.of("C", "B"), s.entered());
        assertEquals(List.of(), s.left());
    }

    @Test
    void aSpeakerLeavesOnlyWhenPushedOutByAMoreRecentOne() {
        Selection first = select(2, List.of("C", "B", "A"), List.of(), ALL, null, Selection.EMPTY);
        Selection reordered = select(2, List.of("B", "C", "A"), List.of(), ALL, null, first);
        assertEquals(List.of("B", "C"), reordered.selected());
        assertFalse(reordered.changed(), "same members, only the order of recency changed");
        Selection pushed = select(2, List.of("D", "B", "C", "A"), List.of(), ALL, null, reordered);
        assertEquals(List.of("D", "B"), pushed.selected());
        assertEquals(List.of("D"), pushed.entered());
        assertEquals(List.of("C"), pushed.left());
    }

    @Test
    void emptySeatsAreFilledAndFillersStayPut() {
        Selection fill = select(2, List.of(), List.of(), ALL, null, Selection.EMPTY);
        assertEquals(List.of("A", "B"), fill.selected());
        // Someone joins at the front of the fill order: the fillers stay.
        Selection joined = select(2, List.of(), List.of(), List.of("E", "A", "B", "C", "D"), null, fill);
        assertFalse(joined.changed());
        assertEquals(List.of("A", "B"), joined.selected());
        // A speaker pushes out the last filler.
        Selection spoke = select(2, List.of("C"), List.of(), ALL, null, joined);
        assertEquals(List.of("C", "A"), spoke.selected());
        assertEquals(List.of("C"), spoke.entered());
        assertEquals(List.of("B"), spoke.left());
    }

    @Test
    void pinnedIdsAreAlwaysSelectedFirst() {
        Selection s = select(2, List.of("C", "B", "A"), List.of("D"), ALL, null, Selection.EMPTY);
        assertEquals(List.of("D", "C"), s.selected());
        Selection unpinned = select(2, List.of("C", "B", "A"), List.of(), ALL, null, s);
        assertEquals(List.of("C", "B"), unpinned.selected());
        assertEquals(List.of("B"), unpinned.entered());
        assertEquals(List.of("D"), unpinned.left());
        Selection many = select(2, List.of("C"), List.of("A", "B", "D"), ALL, null, Selection.EMPTY);
        assertEquals(List.of("A", "B", "D"), many.selected(), "pinned ids exceed the limit rather than drop");
        Selection none = select(0, List.of("C"), List.of("B"), ALL, null, Selection.EMPTY);
        assertEquals(List.of("B"), none.selected());
    }

    @Test
    void theSubscriberAndIneligibleIdsAreSkipped() {
        Selection s = select(2, List.of("C", "B", "A", "D"), List.of("C"), List.of("A", "C", "D"), "C",
            Selection.EMPTY);
        assertEquals(List.of("A", "D"), s.selected(), "C is self, B has no producer of this kind");
    }

    @Test
    void aMemberThatGoesAwayIsReplaced() {
        Selection before = select(2, List.of("C", "B", "A"), List.of(), ALL, null, Selection.EMPTY);
        Selection after = select(2, List.of("B", "A"), List.of(), List.of("A", "B", "D"), null, before);
        assertEquals(List.of("B", "A"), after.selected());
        assertEquals(List.of("A"), after.entered());
        assertEquals(List.of("C"), after.left());
    }

    @Test
    void aSharedSetOfEligibleIdsSelectsAsTheListDoes() {
        java.util.Set<String> shared = new java.util.LinkedHashSet<>(ALL);
        for (String self : ALL) {
            Selection fromList = select(2, List.of("D"), List.of("C"), ALL, self, Selection.EMPTY);
            Selection fromSet = LastN.select(2, List.of("D"), List.of("C"), shared, self, List.of());
            assertEquals(fromList, fromSet, "subscriber " + self);
            assertFalse(fromSet.selected().contains(self));
        }
        assertEquals(ALL, List.copyOf(shared), "the shared set is not changed");
    }

    @Test
    void aNegativeLimitSelectsEveryone() {
        Selection s = select(-1, List.of("C"), List.of("D"), ALL, "B", Selection.EMPTY);
        assertEquals(List.of("D", "C", "A"), s.selected());
    }

    @Test
    void audioAndVideoAreSelectedSeparately() {
        LastN.Result r = LastN.compute(3, 1, List.of("C", "B", "A"), List.of(), ALL, List.of("A", "B"), "D",
            LastN.Result.EMPTY);
        assertEquals(List.of("C", "B", "A"), r.audio().selected());
        assertEquals(List.of("B"), r.video().selected());
        LastN.Result next = LastN.compute(3, 1, List.of("A", "C", "B"), List.of(), ALL, List.of("A", "B"), "D", r);
        assertFalse(next.audio().changed());
        assertEquals(List.of("A"), next.video().entered());
        assertEquals(List.of("B"), next.video().left());
    }

    @Test
    void withTwoSlotsAndFourPublishersTheSetFollowsWhoSpeaks() {
        // A, then B, then C talk in turn; D never does. A listener that publishes nothing has N = 2.
        SpeakerSim sim = new SpeakerSim().speaker("A", speech(1000, 4000, 25)).speaker("B", speech(4000, 8000, 25))
            .speaker("C", speech(8000, 12_000, 25)).speaker("D", silence());
        LastN.Result r = LastN.Result.EMPTY;
        sim.runUntil(500);
        r = LastN.compute(2, 2, sim.detector.history(), List.of(), ALL, ALL, "listener", r);
        assertEquals(List.of("A", "B"), r.audio().selected(), "before anyone spoke: join order");
        sim.runUntil(7000);
        r = LastN.compute(2, 2, sim.detector.history(), List.of(), ALL, ALL, "listener", r);
        assertEquals(List.of("B", "A"), r.audio().selected());
        assertFalse(r.audio().changed());
        sim.runUntil(12_000);
        r = LastN.compute(2, 2, sim.detector.history(), List.of(), ALL, ALL, "listener", r);
        assertEquals(List.of("C", "B"), r.audio().selected());
        assertEquals(List.of("C"), r.audio().entered());
        assertEquals(List.of("A"), r.audio().left());
        // B's own subscriber set never contains B.
        LastN.Result forB = LastN.compute(2, 2, sim.detector.history(), List.of(), ALL, ALL, "B", LastN.Result.EMPTY);
        assertEquals(List.of("C", "A"), forB.audio().selected());
        assertTrue(forB.video().selected().containsAll(List.of("C", "A")));
    }
}
