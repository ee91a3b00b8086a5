package dev.chorus.actors.peer;

import static dev.chorus.actors.peer.Fields.str;
import static dev.chorus.actors.peer.PeerBehavior.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.guard.Refusal;
import dev.chorus.actors.guard.Refusals;
import dev.chorus.actors.room.RoomEntity;

/**
 * What a peer's role allows ({@link PeerGrant}), and the host's powers over the room: closing another peer's
 * producer ({@code closeProducer} with its id), removing a peer ({@code kickPeer}) and closing the room
 * ({@code closeRoom}). Other roles asking for these get a 403 naming their role; every refusal is counted.
 */
final class PeerModeration {
    private PeerModeration() {
    }

    /** Counts the refusal and returns the protoo error to throw. */
    static BadRequest refused(PeerBehavior p, Refusal reason, int code, String message) {
        Refusals.get(p.context().getSystem()).refused(reason);
        return new BadRequest(code, message);
    }

    /** A viewer may not publish; a 403 otherwise (checked before the room's own publish setting). */
    static void requirePublisher(PeerBehavior p) {
        if (!p.grant.mayPublish()) {
            throw refused(p, Refusal.ROLE_FORBIDDEN, 403, "not allowed to publish: this peer joined as a viewer");
        }
    }

    private static void requireHost(PeerBehavior p, String what) {
        if (!p.grant.isHost()) {
            throw refused(p, Refusal.ROLE_FORBIDDEN, 403, "only a host may " + what + " (this peer is a "
                    + p.grant.role().json() + ")");
        }
    }

    /** {@code kickPeer {peerId}}: the room removes that peer (its socket closes with 4000); 404 if not joined. */
    static void kickPeer(PeerBehavior p, long id, JsonNode data) {
        requireHost(p, "remove peers");
        String target = str(data, "peerId");
        String message = "removed by host '" + p.peerId + "'";
        askRoom(p, id, r -> new RoomEntity.Kick(target, r, message));
    }

    /** {@code closeRoom}: every peer's socket is closed with 4000 "the room was closed", this host's too. */
    static void closeRoom(PeerBehavior p, long id) {
        requireHost(p, "close the room");
        p.context().getLog().info("peer {} (host) closes room {}", p.peerId, p.roomId);
        askRoom(p, id, RoomEntity.Close::new);
    }

    /**
     * A host closes a producer it does not own: the room says whose it is, and that peer closes it as if its client
     * had asked (its consumers get consumerClosed, the room forgets it). 404 if the room has no such producer.
     */
    static void closeOthersProducer(PeerBehavior p, long id, String producerId) {
        requireHost(p, "close another peer's producer");
        long token = p.register((v, e) -> {
            if (e != null) {
                p.client.fail(id, 503, "the room did not answer: " + e.getMessage());
                return;
            }
            for (RoomEntity.ProducerSummary s : ((RoomEntity.RoomInfo) v).producers()) {
                if (s.producerId().equals(producerId)) {
                    p.sharding.entityRefFor(PeerEntity.TYPE_KEY, PeerEntity.entityId(p.roomId, s.peerId()))
                            .tell(new PeerEntity.CloseProducerByHost(producerId, p.peerId));
                    p.client.respond(id, null);
                    return;
                }
            }
            p.client.fail(id, 404, "producer '" + producerId + "' not found");
        });
        p.context().ask(RoomEntity.RoomInfo.class, p.room(), p.askTimeout, RoomEntity.GetInfo::new,
                (v, e) -> new PeerEntity.Continue(token, v, e));
    }

    /** The owner's side of {@link #closeOthersProducer}: closed, and the client told {@code producerClosed}. */
    static void closedByHost(PeerBehavior p, PeerEntity.CloseProducerByHost c) {
        if (!p.owned.producers.containsKey(c.producerId())) {
            return;
        }
        String reason = "closed by host '" + c.hostPeerId() + "'";
        p.context().getLog().info("peer {} of room {}: producer {} {}", p.peerId, p.roomId, c.producerId(), reason);
        PeerMediaEvents.producerClosed(p, c.producerId(), reason);
        p.client.notify("producerClosed", JSON.objectNode().put("producerId", c.producerId()).put("reason", reason));
    }

    private static void askRoom(PeerBehavior p, long id,
                                java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<RoomEntity.AdminResult>,
                                        RoomEntity.Command> command) {
        long token = p.register((v, e) -> {
            if (e != null) {
                p.client.fail(id, 503, "the room did not answer: " + e.getMessage());
                return;
            }
            RoomEntity.AdminResult result = (RoomEntity.AdminResult) v;
            if (result.outcome() == RoomEntity.AdminResult.Outcome.OK) {
                p.client.respond(id, null);
            } else {
                p.client.fail(id, 404, result.message());
            }
        });
        p.context().ask(RoomEntity.AdminResult.class, p.room(), p.askTimeout, command::apply,
                (v, e) -> new PeerEntity.Continue(token, v, e));
    }
}
