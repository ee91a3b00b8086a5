package dev.chorus.http.signaling;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.guard.Refusal;
import dev.chorus.http.auth.JoinTokens;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Who may open a signaling socket: the ids, the Origin ({@link OriginPolicy}) and the join token
 * ({@link JoinTokens}), checked before the WebSocket upgrade; and {@code GET /join-check}, the same verdict as JSON
 * ({@code {"ok": false, "error": "...", "reason": "token_expired"}}) for browsers, which cannot read a refused
 * handshake's answer. The check endpoint counts nothing: the refused socket already was.
 */
final class JoinAdmission extends AllDirectives {
    private static final int MAX_ID_LENGTH = 128;

    private final JoinTokens tokens;
    private final OriginPolicy origins;

    JoinAdmission(JoinTokens tokens, OriginPolicy origins) {
        this.tokens = tokens;
        this.origins = origins;
    }

    /** The Origin and token checks of a connection to {@code roomId} as {@code peerId}. */
    JoinTokens.Verdict admit(String roomId, String peerId, Optional<String> token, Optional<String> origin,
                             Optional<String> host) {
        if (!origins.allows(origin, host)) {
            return new JoinTokens.Refused(403, Refusal.ORIGIN_NOT_ALLOWED,
                    "origin '" + origin.orElse("") + "' may not open a signaling socket here");
        }
        return tokens.check(token.orElse(null), roomId, peerId, Instant.now());
    }

    /** {@code GET /join-check}: whether a socket with these parameters would be let in, and if not, why (JSON). */
    Route check(Optional<String> roomId, Optional<String> peerId, Optional<String> token, Optional<String> origin,
                Optional<String> host) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String idProblem = idProblem(roomId, peerId);
        if (idProblem != null) {
            out.put("ok", false).put("error", idProblem).put("reason", "bad_request");
            return complete(StatusCodes.BAD_REQUEST, out, Jackson.marshaller());
        }
        JoinTokens.Verdict v = admit(roomId.get(), peerId.get(), token, origin, host);
        if (v instanceof JoinTokens.Refused r) {
            out.put("ok", false).put("error", r.message()).put("reason", r.reason().label());
            return complete(StatusCodes.get(r.status()), out, Jackson.marshaller());
        }
        JoinTokens.Granted g = (JoinTokens.Granted) v;
        out.put("ok", true).put("role", g.grant().role().json()).put("displayName", g.grant().displayName())
                .put("expiresAt", g.expiresAt() == null ? null : g.expiresAt().toString());
        return complete(StatusCodes.OK, out, Jackson.marshaller());
    }

    /** Why the ids cannot be used (a 400), or null. */
    static String idProblem(Optional<String> roomId, Optional<String> peerId) {
        if (roomId.isEmpty() || roomId.get().isBlank() || peerId.isEmpty() || peerId.get().isBlank()) {
            return "roomId and peerId query parameters are required";
        }
        if (roomId.get().length() > MAX_ID_LENGTH || peerId.get().length() > MAX_ID_LENGTH) {
            return "roomId and peerId must be at most 128 characters";
        }
        return null;
    }
}
