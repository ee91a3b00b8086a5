package dev.chorus.actors.room;

import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.media.speaker.LastN;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The room's last-N: for every joined peer (as a subscriber), whose audio and whose video it receives, computed with
 * {@link LastN} from the room's settings ({@link #limits}), its pinned peers, the peers that publish each kind
 * (eligibility, filled in join order) and the history of dominant speakers (most recent first, fed by
 * {@link #spoke}). Live state only, never journaled: a recovered room starts without a history and tells every
 * member its selection afresh. Confined to the room actor.
 *
 * <p>The room calls {@link #update} when something that decides the selections changed (the dominant speaker,
 * membership, producers, settings), never per audio-level tick. It returns only the subscribers whose set of
 * selected peers changed (a mere reordering of recency is not a change), which are then told with a
 * {@link PeerEntity.LastNSelection}. The eligible sets are built once per update and shared, so one update costs
 * O(members × (limit + pinned)), not O(members²).
 */
final class RoomLastN {
    /** Effective limits for one update (negative: last-N off for that kind, everyone is forwarded). */
    record Limits(int audio, int video) {
        boolean off() {
            return audio < 0 && video < 0;
        }
    }

    private final LastNConfig config;
    /** Peers that held the floor, most recently dominant first. */
    private final List<String> history = new ArrayList<>();
    /** Per subscriber: its previous selections (empty while that kind is unlimited), for stability. */
    private final Map<String, List<String>> previousAudio = new HashMap<>();
    private final Map<String, List<String>> previousVideo = new HashMap<>();
    /** Per subscriber: what it was last told. */
    private final Map<String, PeerEntity.LastNSelection> told = new HashMap<>();

    RoomLastN(LastNConfig config) {
        this.config = config;
    }

    /**
     * The limits in force: an explicit setting always applies ({@link RoomSettings#LAST_N_OFF}: off); an unset one
     * follows the node's automatic last-N, off while the room has at most {@code autoAbove} joined peers.
     */
    static Limits limits(RoomSettings s, int joined, LastNConfig c) {
        boolean auto = joined > c.autoAbove();
        return new Limits(limit(s.lastNAudio(), auto, c.audio()), limit(s.lastN(), auto, c.video()));
    }

    private static int limit(Integer explicit, boolean auto, int automatic) {
        if (explicit != null) {
            return explicit;
        }
        return auto ? automatic : -1;
    }

    /**
     * {@code peerId} became the dominant speaker: it moves to the front of the history. Returns whether the history
     * changed (false when it was already the most recent).
     */
    boolean spoke(String peerId) {
        if (peerId == null || (!history.isEmpty() && history.get(0).equals(peerId))) {
            return false;
        }
        history.remove(peerId);
        history.add(0, peerId);
        return true;
    }

    /** A peer left: it is forgotten as speaker and as subscriber. */
    void removePeer(String peerId) {
        history.remove(peerId);
        previousAudio.remove(peerId);
        previousVideo.remove(peerId);
        told.remove(peerId);
    }

    /** Forgets everything (the room closed). */
    void clear() {
        history.clear();
        previousAudio.clear();
        previousVideo.clear();
        told.clear();
    }

    /** What {@code peerId} was last told, or null. */
    PeerEntity.LastNSelection told(String peerId) {
        return told.get(peerId);
    }

    /** The speaker history, most recent first (tests). */
    List<String> history() {
        return List.copyOf(history);
    }

    /**
     * Recomputes every joined peer's selection in room state {@code s}; returns, in join order, the peers whose
     * selected set changed (or that were never told) with their new selection.
     */
    Map<String, PeerEntity.LastNSelection> update(RoomState s) {
        Map<String, RoomState.Member> members = s.members();
        told.keySet().retainAll(members.keySet());
        previousAudio.keySet().retainAll(members.keySet());
        previousVideo.keySet().retainAll(members.keySet());
        Limits limits = limits(s.settings(), members.size(), config);
        Set<String> audioPeers = new HashSet<>();
        Set<String> videoPeers = new HashSet<>();
        for (RoomEntity.ProducerSummary p : s.producers().values()) {
            ("audio".equals(p.kind()) ? audioPeers : videoPeers).add(p.peerId());
        }
        Set<String> withAudio = new LinkedHashSet<>();
        Set<String> withVideo = new LinkedHashSet<>();
        for (String id : members.keySet()) {
            if (audioPeers.contains(id)) {
                withAudio.add(id);
            }
            if (videoPeers.contains(id)) {
                withVideo.add(id);
            }
        }
        List<String> pinned = s.settings().pinned();
        Map<String, PeerEntity.LastNSelection> changed = new LinkedHashMap<>();
        for (String id : members.keySet()) {
            List<String> audio = select(limits.audio(), pinned, withAudio, id, previousAudio);
            List<String> video = select(limits.video(), pinned, withVideo, id, previousVideo);
            PeerEntity.LastNSelection now = new PeerEntity.LastNSelection(audio, video);
            PeerEntity.LastNSelection before = told.get(id);
            if (before == null || !sameMembers(before.audio(), audio) || !sameMembers(before.video(), video)) {
                told.put(id, now);
                changed.put(id, now);
            }
        }
        return changed;
    }

    /** One kind's selection for subscriber {@code self}, or null when the kind is unlimited. */
    private List<String> select(int limit, List<String> pinned, Set<String> eligible, String self,
                                Map<String, List<String>> previous) {
        if (limit < 0) {
            previous.remove(self);
            return null;
        }
        List<String> selected = LastN.select(limit, history, pinned, eligible, self,
                previous.getOrDefault(self, List.of())).selected();
        previous.put(self, selected);
        return selected;
    }

    private static boolean sameMembers(List<String> a, List<String> b) {
        if (a == null || b == null) {
            return Objects.equals(a, b);
        }
        return a.size() == b.size() && new HashSet<>(a).equals(new HashSet<>(b));
    }
}
