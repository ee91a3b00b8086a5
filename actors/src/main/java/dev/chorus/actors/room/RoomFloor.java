package dev.chorus.actors.room;

import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.actors.room.RoomEntity.Command;
import java.time.Duration;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Who speaks and whom each member hears: the room's active speaker ({@link RoomSpeakers}, fed by the media nodes'
 * audio levels, evaluated on a timer while there is something to follow) and its last-N selections
 * ({@link RoomLastN}, recomputed when the dominant speaker changes to another peer and whenever the room calls
 * {@link #changed}). Live state only, never journaled; confined to the room actor. Time is the wall clock here;
 * the classes it drives take it as an argument.
 */
final class RoomFloor {
    private static final String TIMER = "speakers";

    private final RoomSpeakers speakers = new RoomSpeakers();
    private final RoomLastN lastN;
    private final RoomOutbox out;
    private final TimerScheduler<Command> timers;

    RoomFloor(LastNConfig lastNConfig, RoomOutbox out, TimerScheduler<Command> timers) {
        this.lastN = new RoomLastN(lastNConfig);
        this.out = out;
        this.timers = timers;
    }

    /** Audio-level summaries from a media node: fed to the detector; the evaluation timer runs while busy. */
    void onLevels(RoomState s, RoomEntity.AudioLevels a) {
        speakers.onLevels(a.levels(), producerId -> {
            RoomEntity.ProducerSummary p = s.producers().get(producerId);
            return p != null && "audio".equals(p.kind()) && s.joined(p.peerId()) ? p.peerId() : null;
        }, System.currentTimeMillis());
        if (!timers.isTimerActive(TIMER)) {
            timers.startTimerAtFixedRate(TIMER, new RoomEntity.EvaluateSpeakers(),
                    Duration.ofMillis(RoomSpeakers.EVALUATE_EVERY_MS));
        }
    }

    /** Timer: the active speaker is evaluated and notified; a new speaking peer moves the last-N selections. */
    void evaluate(RoomState s) {
        long now = System.currentTimeMillis();
        String before = speakers.activePeer();
        for (RoomSpeakers.Notice n : speakers.evaluate(now)) {
            out.notifyJoined(s, null, n.method(), n.data());
        }
        String active = speakers.activePeer();
        if (active != null && !active.equals(before) && lastN.spoke(active)) {
            changed(s); // a new speaker, not every tick: the history changed
        }
        if (!speakers.busy(now)) {
            timers.cancel(TIMER);
        }
    }

    /**
     * Membership, producers or settings changed (or the room recovered): the last-N selections are recomputed and
     * the members whose selection changed are told.
     */
    void changed(RoomState s) {
        lastN.update(s).forEach((peerId, selection) -> out.peer(peerId).tell(selection));
    }

    /** A producer is closing (state {@code s} still lists it): if its peer held the floor through it, it is empty. */
    void producerRemoved(RoomState s, String producerId) {
        speakers.removeProducer(producerId).forEach(x -> out.notifyJoined(s, null, x.method(), x.data()));
    }

    /** A member left (state {@code n} no longer lists it): its speakers and selection go, the others are updated. */
    void peerLeft(RoomState n, String peerId) {
        speakers.removePeer(peerId).forEach(x -> out.notifyJoined(n, peerId, x.method(), x.data()));
        lastN.removePeer(peerId);
        changed(n);
    }

    /** A speaker already on the floor is made known to a peer that just joined. */
    void catchUp(String peerId) {
        for (RoomSpeakers.Notice n : speakers.current()) {
            out.peer(peerId).tell(new PeerEntity.NotifyClient(n.method(), n.data()));
        }
    }

    /** The last-N selection {@code peerId} was last told, or null. */
    PeerEntity.LastNSelection selectionOf(String peerId) {
        return lastN.told(peerId);
    }

    /** Forgets everything (the room closed). */
    void clear() {
        speakers.clear();
        lastN.clear();
    }
}
