package dev.chorus.actors.peer;

import static dev.chorus.actors.peer.PeerBehavior.JSON;

import dev.chorus.actors.room.RoomEntity;
import dev.chorus.actors.room.RoomEvent;
import dev.chorus.actors.stream.ConsumerEntity;
import dev.chorus.actors.stream.ProducerEntity;
import org.apache.pekko.actor.typed.Behavior;

/**
 * What a peer does when the media plane reports on one of its objects (or when, after a restart, it finds one
 * gone): a closed consumer is closed in its entity and reported to the client; a producer's pause and a simulcast
 * consumer's change of forwarded layers are reported on the consumers; a subscriber transport's downlink bandwidth is
 * reported as {@code downlinkBwe}; a closed producer is closed in its entity and removed from the room. A closed
 * transport ends the peer, and so does the loss of the node that holds its media.
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

    /** A transport closed on the media node (ICE consent lost, DTLS failure): as the mediasoup demo does, the peer ends. */
    static Behavior<PeerEntity.Command> transportClosed(PeerBehavior p, PeerEntity.TransportClosed t) {
        if (p.owned.transports.remove(t.transportId()) == null) {
            return p.orphanCheck();
        }
        p.context().getLog().info("peer {} transport {} closed: {}", p.peerId, t.transportId(), t.reason());
        return p.endWith(4000, "transport closed: " + t.reason());
    }

    /**
     * The node holding this peer's media is gone: its transports, producers and consumers there are lost. The
     * client is told to reconnect (its socket is closed; protoo-client reconnects and the new session is placed on
     * a live node), and the peer leaves without asking anything of the lost node.
     */
    static Behavior<PeerEntity.Command> mediaNodeLost(PeerBehavior p, PeerEntity.MediaNodeLost m) {
        if (p.node == null || !p.node.nodeId().equals(m.nodeId()) || p.nodeLost) {
            return p.orphanCheck();
        }
        p.nodeLost = true;
        p.leaveReason = RoomEvent.LeaveReason.NODE_LOST;
        p.context().getLog().warn("peer {} of room {}: its media node {} is gone; asking the client to reconnect",
                p.peerId, p.roomId, m.nodeId());
        return p.endWith(4001, "media node lost, reconnect");
    }
}
