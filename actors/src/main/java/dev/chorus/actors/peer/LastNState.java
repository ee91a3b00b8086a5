package dev.chorus.actors.peer;

import dev.chorus.actors.CborSerializable;
import java.util.List;
import java.util.Map;

/**
 * A peer's last-N state as replicated with {@link PeerEntity.State} (see {@link PeerLastN}): the room's latest
 * selection and, per consumer, what decides whether it is forwarded and what its client was told.
 *
 * @param audio     the peers whose audio this peer receives (null: everyone's)
 * @param video     the peers whose video this peer receives (null: everyone's)
 * @param consumers by consumer id
 * @param parked    audio producers offered while their peer was outside the selection, not consumed yet (absent
 *                  in states saved before there was parking: read as none)
 */
public record LastNState(List<String> audio, List<String> video, Map<String, Subscription> consumers,
                         List<PeerEntity.ConsumeProducer> parked) implements CborSerializable {

    public LastNState {
        consumers = consumers == null ? Map.of() : consumers;
        parked = parked == null ? List.of() : parked;
    }

    public LastNState(List<String> audio, List<String> video, Map<String, Subscription> consumers) {
        this(audio, video, consumers, List.of());
    }

    /**
     * One consumer of this peer.
     *
     * @param producerPeerId  whose producer it consumes
     * @param kind            {@code audio} or {@code video}
     * @param producerPaused  the producer is paused
     * @param deselected      not in the selection: paused server-side
     * @param accepted        the client accepted its {@code newConsumer}
     * @param announcedPaused what the client was last told: paused (by the producer or last-N) or not
     */
    public record Subscription(String producerPeerId, String kind, boolean producerPaused, boolean deselected,
                               boolean accepted, boolean announcedPaused) implements CborSerializable {
    }
}
