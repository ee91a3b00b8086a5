package dev.chorus.actors.peer;

import static dev.chorus.actors.peer.PeerBehavior.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.function.BiConsumer;

/**
 * What a peer sends its client over the current signaling session: responses, errors, notifications and server
 * requests. While the client is away within its grace period, notifications are held (the newest
 * {@value #MAX_HELD}) and delivered when it resumes.
 */
final class PeerClient {
    private static final int MAX_HELD = 256;

    private final PeerBehavior peer;
    private final ArrayDeque<SessionOut> held = new ArrayDeque<>();

    PeerClient(PeerBehavior peer) {
        this.peer = peer;
    }

    /** Sends a server request to the client; {@code k} gets the {@link PeerEntity.ClientAnswer}. */
    void request(String method, JsonNode data, BiConsumer<PeerEntity.ClientAnswer, Throwable> k) {
        if (peer.session == null) {
            k.accept(null, new IllegalStateException("the client is not connected"));
            return;
        }
        long token = peer.register((v, e) -> k.accept((PeerEntity.ClientAnswer) v, e));
        peer.session.tell(new SessionOut.Request(method, data, token, peer.context().getSelf()));
    }

    void respond(long id, JsonNode data) {
        if (id >= 0 && peer.session != null) {
            peer.session.tell(new SessionOut.Response(id, data == null ? JSON.objectNode() : data));
        }
    }

    void fail(long id, int code, String reason) {
        if (id >= 0 && peer.session != null) {
            peer.session.tell(new SessionOut.ErrorResponse(id, code, reason));
        } else {
            peer.context().getLog().debug("peer {}: notification failed: {}", peer.peerId, reason);
        }
    }

    void notify(String method, JsonNode data) {
        if (peer.session != null) {
            peer.session.tell(new SessionOut.Notification(method, data));
        } else if (peer.grace.active()) {
            if (held.size() == MAX_HELD) {
                held.poll();
            }
            held.add(new SessionOut.Notification(method, data));
        }
    }

    /** The client is back: what was held for it goes out now, in order. */
    void deliverHeld() {
        while (!held.isEmpty()) {
            peer.session.tell(held.poll());
        }
    }

    void dropHeld() {
        held.clear();
    }
}
