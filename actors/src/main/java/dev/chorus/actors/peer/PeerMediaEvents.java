package dev.chorus.actors.peer;

import static dev.chorus.actors.peer.PeerBehavior.JSON;

import dev.chorus.actors.room.RoomEntity;
import dev.chorus.actors.stream.ConsumerEntity;
import dev.chorus.actors.stream.ProducerEntity;

/**
 * What a peer does when the media plane reports on one of its objects (or when, after a restart, it finds one
 * gone): a closed consumer is closed in its entity and reported to the client; a producer's pause and a simulcast
 * consumer's change of forwarded layers are reported on the consumers; a subscriber transport's downlink bandwidth is
 * reported as {@code downlinkBwe}; a closed producer is closed in its entity and removed from the room. A closed transport ends the
 * peer and is handled by {@link PeerBehavior} itself.
 */
final class PeerMediaEvents {
    private PeerMediaEvents() {
    }

    static void consumerClosed(PeerBehavior p, String consumerId) {
        String producerId = p.owned.consumers.remove(consumerId);
        if (producerId != null) {
            p.lastN.removed(consumerId);
            p.consumer(consumerId).tell(new ConsumerEntity.Close(producerId));
            p.client.notify("consumerClosed", JSON.objectNode().put("consumerId", consumerId));
        }
    }

    /** Told to the client unless last-N already reports the consumer paused (see {@link PeerLastN}). */
    static void producerPaused(PeerBehavior p, String consumerId, boolean paused) {
        if (p.owned.consumers.containsKey(consumerId) && !p.lastN.producerPaused(consumerId, paused)) {
            p.client.notify(paused ? "consumerPaused" : "consumerResumed", JSON.objectNode().put("consumerId", consumerId));
        }
    }

    /** {@code consumerLayersChanged {consumerId, spatialLayer, temporalLayer}}, null layers when none. */
    static void layersChanged(PeerBehavior p, String consumerId, Integer spatial, Integer temporal) {
        if (p.owned.consumers.containsKey(consumerId)) {
            var data = JSON.objectNode().put("consumerId", consumerId);
            if (spatial == null) {
                data.putNull("spatialLayer");
            } else {
                data.put("spatialLayer", spatial.intValue());
            }
            if (temporal == null) {
                data.putNull("temporalLayer");
            } else {
                data.put("temporalLayer", temporal.intValue());
            }
            p.client.notify("consumerLayersChanged", data);
        }
    }

    /** {@code downlinkBwe {desiredBitrate, effectiveDesiredBitrate, availableBitrate}} for one of its transports. */
    static void downlinkBwe(PeerBehavior p, PeerEntity.DownlinkBwe b) {
        if (p.owned.transports.containsKey(b.transportId())) {
            p.client.notify("downlinkBwe", JSON.objectNode().put("desiredBitrate", b.desiredBitrate())
                    .put("effectiveDesiredBitrate", b.effectiveDesiredBitrate())
                    .put("availableBitrate", b.availableBitrate()));
        }
    }

    static void producerClosed(PeerBehavior p, String producerId, String reason) {
        if (p.owned.producers.remove(producerId) != null) {
            p.producer(producerId).tell(new ProducerEntity.Close(reason));
            p.room().tell(new RoomEntity.ProducerRemoved(p.peerId, producerId));
        }
    }
}
