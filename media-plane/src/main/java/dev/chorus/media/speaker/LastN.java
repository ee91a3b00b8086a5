package dev.chorus.media.speaker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Last-N selection: which peers' audio (the N most recent speakers) and video (the M most recent) one subscriber
 * receives, and what changed since its previous selection. Pure functions of their arguments; any thread.
 *
 * <p>For one media kind the selection is built in this order, skipping ids that are not eligible (have no
 * producer of that kind), are the subscriber itself, or are already chosen, and stopping at the limit:
 * <ol>
 *   <li>pinned ids (moderators, hosts), in the given order — always selected, even beyond the limit;</li>
 *   <li>the speaker history, most recently dominant first;</li>
 *   <li>the previous selection, in its order (so fillers that never spoke stay put);</li>
 *   <li>the remaining eligible ids, in their given order (e.g. join order).</li>
 * </ol>
 * Hence the selection is stable: a member leaves only when it is no longer eligible, or when a pinned id or a more
 * recent speaker pushes it out. A negative limit selects every eligible id (last-N off); 0 selects only the pinned.
 */
public final class LastN {
    private LastN() {
    }

    /**
     * One kind's selection and its difference from the previous one.
     *
     * @param selected the selected ids, in the selection order above
     * @param entered ids selected now but not before (in selection order)
     * @param left ids selected before but not now (in previous order)
     */
    public record Selection(List<String> selected, List<String> entered, List<String> left) {
        /** An empty selection: the "previous" value before the first computation. */
        public static final Selection EMPTY = new Selection(List.of(), List.of(), List.of());

        /** Copies the lists. */
        public Selection {
            selected = List.copyOf(selected);
            entered = List.copyOf(entered);
            left = List.copyOf(left);
        }

        /** Whether anything entered or left. */
        public boolean changed() {
            return !entered.isEmpty() || !left.isEmpty();
        }
    }

    /**
     * Audio and video selections of one subscriber.
     *
     * @param audio the selection of audio producers' peers (limit N)
     * @param video the selection of video producers' peers (limit M)
     */
    public record Result(Selection audio, Selection video) {
        /** Both kinds empty. */
        public static final Result EMPTY = new Result(Selection.EMPTY, Selection.EMPTY);
    }

    /**
     * Computes both selections for one subscriber.
     *
     * @param audioN limit for audio (negative: unlimited)
     * @param videoM limit for video (negative: unlimited)
     * @param history speakers, most recently dominant first ({@link DominantSpeaker#history()})
     * @param pinned ids always selected
     * @param withAudio peers that have an audio producer, in fill order
     * @param withVideo peers that have a video producer, in fill order
     * @param self the subscriber's own id (never selected), or null
     * @param previous the subscriber's previous result ({@link Result#EMPTY} at first)
     */
    public static Result compute(int audioN, int videoM, List<String> history, List<String> pinned,
            List<String> withAudio, List<String> withVideo, String self, Result previous) {
        return new Result(
            select(audioN, history, pinned, withAudio, self, previous.audio().selected()),
            select(videoM, history, pinned, withVideo, self, previous.video().selected()));
    }

    /**
     * Computes one kind's selection.
     *
     * @param limit how many ids to select (pinned ones may exceed it); negative: every eligible id
     * @param history speakers, most recently dominant first
     * @param pinned ids always selected when eligible
     * @param eligible ids that have a producer of this kind, in fill order; a {@link Set} is used as it is (its
     *        iteration order is the fill order), so a caller computing many subscribers' selections can share one
     *        and each selection costs O(limit + pinned + skipped history), not O(eligible)
     * @param self the subscriber's own id (never selected), or null
     * @param previous the previous selection of this kind (empty at first)
     */
    public static Selection select(int limit, List<String> history, Collection<String> pinned,
            Collection<String> eligible, String self, List<String> previous) {
        Set<String> allowed = eligible instanceof Set<String> set ? set : new LinkedHashSet<>(eligible);
        int max = limit < 0 ? Integer.MAX_VALUE : limit;
        LinkedHashSet<String> chosen = new LinkedHashSet<>();
        for (String id : pinned) {
            if (allowed.contains(id) && !id.equals(self)) {
                chosen.add(id);
            }
        }
        addUpTo(chosen, history, allowed, self, max);
        addUpTo(chosen, previous, allowed, self, max);
        addUpTo(chosen, allowed, allowed, self, max);
        List<String> selected = new ArrayList<>(chosen);
        Set<String> before = new LinkedHashSet<>(previous);
        List<String> entered = new ArrayList<>();
        for (String id : selected) {
            if (!before.contains(id)) {
                entered.add(id);
            }
        }
        List<String> left = new ArrayList<>();
        for (String id : before) {
            if (!chosen.contains(id)) {
                left.add(id);
            }
        }
        return new Selection(Collections.unmodifiableList(selected), entered, left);
    }

    private static void addUpTo(Set<String> chosen, Collection<String> source, Set<String> allowed, String self,
            int max) {
        for (String id : source) {
            if (chosen.size() >= max) {
                return;
            }
            if (allowed.contains(id) && !id.equals(self)) {
                chosen.add(id);
            }
        }
    }
}
