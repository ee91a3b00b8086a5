package dev.chorus.actors.peer;

import static dev.chorus.actors.peer.PeerBehavior.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.stream.ConsumerEntity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A subscriber's side of last-N. The room tells the peer whose audio and whose video it receives
 * ({@link PeerEntity.LastNSelection}); each consumer of a peer outside the selection is paused server-side (its
 * {@link ConsumerEntity} sets the media plane's selected flag, independent of the client's own pause and of the
 * producer's), and resumed when that peer enters the selection again. Audio of a peer that was never in the
 * selection is not consumed at all until it enters it ({@link #park}).
 *
 * <p>The client sees one "remotely paused" state per consumer, as mediasoup-demo clients keep it: paused by its
 * producer or by last-N. {@code newConsumer} carries it as {@code producerPaused}; a change of it is notified with
 * {@code consumerPaused} / {@code consumerResumed}, once the client has accepted the consumer (a change while the
 * offer is pending is notified right after the acceptance). So a producer resume never shows a tile last-N keeps
 * paused, and a last-N change never shows one whose producer is paused.
 */
final class PeerLastN {
    private final PeerBehavior peer;
    /** The room's selection (null: everyone's), as received (for the replicated state) and as sets. */
    private List<String> audioList;
    private List<String> videoList;
    private Set<String> audio;
    private Set<String> video;
    private final Map<String, Sub> consumers = new TreeMap<>();
    /** Audio offered while its peer was outside the selection, by producer id: consumed when the peer enters it. */
    private final Map<String, PeerEntity.ConsumeProducer> parked = new LinkedHashMap<>();
    /** A selection message arrived since the current join started (it is newer than the join's answer). */
    private boolean heardSinceJoin;

    /** One consumer as last-N sees it. */
    private static final class Sub {
        final String producerPeerId;
        final String kind;
        boolean producerPaused;
        boolean deselected;
        boolean accepted;
        boolean announcedPaused;

        Sub(String producerPeerId, String kind) {
            this.producerPeerId = producerPeerId;
            this.kind = kind;
        }

        boolean remotelyPaused() {
            return producerPaused || deselected;
        }
    }

    PeerLastN(PeerBehavior peer) {
        this.peer = peer;
    }

    /** Whether this peer currently receives {@code producerPeerId}'s media of {@code kind}. */
    boolean selects(String producerPeerId, String kind) {
        Set<String> selected = "audio".equals(kind) ? audio : video;
        return selected == null || selected.contains(producerPeerId);
    }

    /** A join is on its way to the room. */
    void joining() {
        heardSinceJoin = false;
    }

    /**
     * The room accepted the join, with the selection as of the join (null: none). It applies unless a selection
     * message arrived meanwhile: the room sends both at once, by different paths, and a message is never older.
     */
    void joined(PeerEntity.LastNSelection s) {
        if (s != null && !heardSinceJoin) {
            onSelection(s);
        }
    }

    /**
     * The room's new selection: consumers that left it are paused server-side, those that entered resumed, and
     * parked audio of peers that entered it is consumed now.
     */
    void onSelection(PeerEntity.LastNSelection s) {
        heardSinceJoin = true;
        setSelection(s.audio(), s.video());
        consumers.keySet().retainAll(peer.owned.consumers.keySet());
        consumers.forEach(this::apply);
        List<PeerEntity.ConsumeProducer> now = new ArrayList<>();
        parked.values().removeIf(c -> selects(c.producerPeerId(), c.kind()) && now.add(c));
        now.forEach(c -> PeerConsumes.consume(peer, c.producerId(), c.producerPeerId(), c.kind(), c.appData()));
    }

    /**
     * Whether an offered producer waits instead of being consumed: audio of a peer outside the selection. A room
     * of N with an audio last-N would otherwise hold N·(N−1) audio consumers, nearly all paused; parked, it holds
     * one per subscriber and peer that was ever selected for it (a consumer, once made, is paused when its peer
     * leaves the selection, not closed, so a returning speaker is heard at once). Video is never parked: clients
     * show a tile per video consumer, and last-N pauses those. The price is the first words of a new speaker: the
     * consumer is created and offered with {@code newConsumer} when the speaker enters the selection.
     */
    boolean park(String producerId, String producerPeerId, String kind, JsonNode appData) {
        if (!"audio".equals(kind) || selects(producerPeerId, kind)) {
            return false;
        }
        parked.put(producerId, new PeerEntity.ConsumeProducer(producerId, producerPeerId, kind, appData));
        return true;
    }

    /** A producer closed: forgotten if parked. */
    void producerGone(String producerId) {
        parked.remove(producerId);
    }

    private void setSelection(List<String> a, List<String> v) {
        audioList = a == null ? null : List.copyOf(a);
        videoList = v == null ? null : List.copyOf(v);
        audio = a == null ? null : new HashSet<>(a);
        video = v == null ? null : new HashSet<>(v);
    }

    /**
     * A consumer of {@code producerPeerId}'s {@code kind} was created, server-paused if {@code deselected}. Brought
     * in line with the current selection (it may have changed meanwhile); returns the remote pause state its
     * {@code newConsumer} announces (as {@code producerPaused}).
     */
    boolean created(String consumerId, String producerPeerId, String kind, boolean producerPaused,
                    boolean deselected) {
        Sub sub = new Sub(producerPeerId, kind);
        sub.producerPaused = producerPaused;
        sub.deselected = deselected;
        consumers.put(consumerId, sub);
        apply(consumerId, sub);
        sub.announcedPaused = sub.remotelyPaused();
        return sub.announcedPaused;
    }

    /** The client accepted the consumer: a change of its remote pause while the offer was pending is told now. */
    void accepted(String consumerId) {
        Sub sub = consumers.get(consumerId);
        if (sub != null) {
            sub.accepted = true;
            announce(consumerId, sub);
        }
    }

    /**
     * The consumer's producer was paused or resumed: the client is told if its remote pause changed. Returns false
     * for a consumer last-N does not know (the caller tells the client as it always did).
     */
    boolean producerPaused(String consumerId, boolean paused) {
        Sub sub = consumers.get(consumerId);
        if (sub == null) {
            return false;
        }
        sub.producerPaused = paused;
        announce(consumerId, sub);
        return true;
    }

    void removed(String consumerId) {
        consumers.remove(consumerId);
    }

    /** The peer left: its consumers are gone, and until the room says otherwise it receives everyone. */
    void reset() {
        consumers.clear();
        parked.clear();
        setSelection(null, null);
    }

    private void apply(String consumerId, Sub sub) {
        boolean deselect = !selects(sub.producerPeerId, sub.kind);
        if (deselect != sub.deselected) {
            sub.deselected = deselect;
            peer.consumer(consumerId).tell(new ConsumerEntity.SetSelected(!deselect));
        }
        announce(consumerId, sub);
    }

    private void announce(String consumerId, Sub sub) {
        if (sub.accepted && sub.remotelyPaused() != sub.announcedPaused) {
            sub.announcedPaused = sub.remotelyPaused();
            peer.client.notify(sub.announcedPaused ? "consumerPaused" : "consumerResumed",
                    JSON.objectNode().put("consumerId", consumerId));
        }
    }

    LastNState snapshot() {
        consumers.keySet().retainAll(peer.owned.consumers.keySet()); // closed by paths that do not tell us
        if (audioList == null && videoList == null && consumers.isEmpty() && parked.isEmpty()) {
            return null;
        }
        Map<String, LastNState.Subscription> subs = new TreeMap<>();
        consumers.forEach((id, s) -> subs.put(id, new LastNState.Subscription(s.producerPeerId, s.kind,
                s.producerPaused, s.deselected, s.accepted, s.announcedPaused)));
        return new LastNState(audioList, videoList, subs, List.copyOf(parked.values()));
    }

    void restore(LastNState state) {
        if (state == null) {
            return;
        }
        setSelection(state.audio(), state.video());
        state.consumers().forEach((id, s) -> {
            Sub sub = new Sub(s.producerPeerId(), s.kind());
            sub.producerPaused = s.producerPaused();
            sub.deselected = s.deselected();
            sub.accepted = s.accepted();
            sub.announcedPaused = s.announcedPaused();
            consumers.put(id, sub);
        });
        state.parked().forEach(c -> parked.put(c.producerId(), c));
    }
}
