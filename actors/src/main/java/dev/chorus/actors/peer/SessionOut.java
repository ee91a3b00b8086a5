package dev.chorus.actors.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a peer sends to its client through the signaling session that holds the WebSocket. The session turns
 * these into protoo frames; it owns protoo request ids for server-to-client requests.
 */
public sealed interface SessionOut extends CborSerializable {

    /** Success response to client request {@code id}. */
    record Response(long id, JsonNode data) implements SessionOut {
    }

    /** Error response to client request {@code id}. */
    record ErrorResponse(long id, int code, String reason) implements SessionOut {
    }

    record Notification(String method, JsonNode data) implements SessionOut {
    }

    /** A server-to-client request; the answer comes back to {@code replyTo} as {@link PeerEntity.ClientAnswer} with {@code token}. */
    record Request(String method, JsonNode data, long token, ActorRef<PeerEntity.Command> replyTo) implements SessionOut {
    }

    /** Close the WebSocket; code 4000 tells protoo-client the close is final. */
    record Close(int code, String reason) implements SessionOut {
    }
}
