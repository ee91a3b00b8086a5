package dev.chorus.actors.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.guard.Refusal;
import dev.chorus.actors.guard.Refusals;
import dev.chorus.actors.media.MediaOp;
import dev.chorus.actors.media.MediaReply;
import dev.chorus.actors.stream.ConsumerEntity;
import dev.chorus.actors.stream.ProducerEntity;
import dev.chorus.media.api.ConsumerInfo;
import java.util.UUID;

/**
 * The server-initiated side of subscribing: a peer consumes a producer the room offers it (the producer is made
 * available on the peer's node, a paused consumer is created, the client is asked with {@code newConsumer}, and the
 * consumer resumes once the client accepted).
 */
final class PeerConsumes {
    private PeerConsumes() {
    }

    /**
     * The room offers a producer: consumed now, or once the join on its way is answered, or when the client comes
     * back within its grace period.
     */
    static void offered(PeerBehavior peer, PeerEntity.ConsumeProducer c) {
        if (peer.session == null && peer.grace.active()) {
            peer.deferredConsumes.add(c);
        } else if (peer.joining) {
            peer.pendingConsumes.add(c);
        } else {
            consume(peer, c.producerId(), c.producerPeerId(), c.kind(), c.appData());
        }
    }

    /**
     * Creates a paused consumer, offers it to the client with newConsumer, and resumes it once accepted. A consumer
     * of a peer outside this peer's last-N selection is created server-paused as well (see {@link PeerLastN}).
     */
    static void consume(PeerBehavior peer, String producerId, String producerPeerId, String kind,
                        JsonNode producerAppData) {
        if (!peer.joined || peer.rtpCapabilities == null) {
            return;
        }
        if (peer.lastN.park(producerId, producerPeerId, kind, producerAppData)) {
            return; // audio of a peer outside the selection: consumed once it enters it
        }
        if (peer.owned.consumers.size() >= peer.limits.consumers()) {
            // Consumers still being created are not counted yet: the limit may be passed by those in flight.
            Refusals.get(peer.context().getSystem()).refused(Refusal.CONSUMER_LIMIT);
            peer.context().getLog().warn("peer {} of room {} has {} consumers (the limit): not consuming {}",
                    peer.peerId, peer.roomId, peer.owned.consumers.size(), producerId);
            return;
        }
        String transportId = null;
        for (var t : peer.owned.transports.entrySet()) {
            if (t.getValue()) {
                transportId = t.getKey();
                break;
            }
        }
        if (transportId == null) {
            peer.context().getLog().debug("peer {} has no consuming transport; not consuming {}", peer.peerId, producerId);
            return;
        }
        String consumerId = UUID.randomUUID().toString();
        String tid = transportId;
        var node = peer.node;
        // The producer makes itself available on this peer's node first (a pipe from its home node if needed).
        peer.ask(peer.producer(producerId), r -> new ProducerEntity.Subscribe(consumerId, node, r), (ok, err) -> {
            if (err != null) {
                peer.context().getLog().debug("peer {} cannot consume {}: {}", peer.peerId, producerId, err.getMessage());
                return;
            }
            createConsumer(peer, tid, consumerId, producerId, producerPeerId, kind, producerAppData, node);
        });
    }

    private static void createConsumer(PeerBehavior peer, String tid, String consumerId, String producerId,
                                       String producerPeerId, String kind, JsonNode producerAppData,
                                       dev.chorus.actors.media.NodeRef node) {
        boolean deselected = !peer.lastN.selects(producerPeerId, kind);
        var op = new MediaOp.Consume(tid, consumerId, producerId, peer.rtpCapabilities, peer.entityId, deselected);
        peer.media(op, (v, e) -> {
            if (e != null) {
                peer.context().getLog().debug("peer {} cannot consume {}: {}", peer.peerId, producerId, e.getMessage());
                peer.producer(producerId).tell(new ProducerEntity.Unsubscribe(consumerId));
                return;
            }
            ConsumerInfo info = ((MediaReply.Consumer) v).info();
            peer.owned.consumers.put(consumerId, producerId);
            peer.owned.onTransport.put(consumerId, tid);
            peer.consumer(consumerId).tell(new ConsumerEntity.Open(producerId, peer.entityId, node, true,
                    deselected));
            boolean remotelyPaused = peer.lastN.created(consumerId, producerPeerId, info.kind(),
                    info.producerPaused(), deselected);
            ObjectNode msg = NewConsumer.build(info, tid, producerPeerId, producerAppData);
            msg.put("producerPaused", remotelyPaused);
            peer.client.request("newConsumer", msg, (answer, err) -> {
                if (!peer.owned.consumers.containsKey(consumerId)) {
                    return; // closed meanwhile
                }
                if (err != null || answer == null || !answer.ok()) {
                    peer.owned.consumers.remove(consumerId);
                    peer.lastN.removed(consumerId);
                    peer.consumer(consumerId).tell(new ConsumerEntity.Close(producerId));
                    if (peer.away()) {
                        // Offered while the client was away: offer it again if the client comes back.
                        peer.deferredConsumes.add(new PeerEntity.ConsumeProducer(producerId, producerPeerId,
                                info.kind(), producerAppData));
                    }
                    return;
                }
                peer.lastN.accepted(consumerId);
                peer.ask(peer.consumer(consumerId), r -> new ConsumerEntity.SetPaused(false, r), (x, y) -> { });
            });
        });
    }
}
