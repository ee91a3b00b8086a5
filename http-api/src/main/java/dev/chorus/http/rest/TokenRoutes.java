package dev.chorus.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.peer.PeerGrant;
import dev.chorus.http.auth.JoinTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * {@code POST /api/tokens} (relative to {@code /api}): issues a join token for one peer id in one room with a role
 * (see docs/rest-api.md). It needs a signing key on this node and an admin token (otherwise anyone reaching the API
 * could mint host tokens): without either it answers 501 or 403 with a JSON error saying which setting is missing.
 */
public final class TokenRoutes extends AllDirectives {
    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("roomId", "peerId", "displayName", "role", "ttlSeconds");

    private final JoinTokens tokens;
    private final Clock clock;

    public TokenRoutes(JoinTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    public Route route() {
        return path("tokens", () -> post(() -> entity(Unmarshaller.entityToString(), this::issue)));
    }

    private Route issue(String text) {
        if (!tokens.settings().canIssue()) {
            return ApiRoutes.error(StatusCodes.NOT_IMPLEMENTED, "this node cannot sign tokens: set "
                    + "chorus.auth.secret (CHORUS_AUTH_SECRET) or chorus.auth.private-key-file (CHORUS_AUTH_PRIVATE_KEY)");
        }
        if (tokens.settings().adminToken() == null) {
            return ApiRoutes.error(StatusCodes.FORBIDDEN, "issuing tokens needs an admin token: set "
                    + "chorus.auth.admin-token (CHORUS_ADMIN_TOKEN)");
        }
        JsonNode body;
        try {
            body = text.isBlank() ? null : MAPPER.readTree(text);
        } catch (Exception e) {
            return ApiRoutes.error(StatusCodes.BAD_REQUEST, "the body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            return ApiRoutes.error(StatusCodes.BAD_REQUEST, "the body must be a JSON object");
        }
        try {
            return issue(body);
        } catch (IllegalArgumentException e) {
            return ApiRoutes.error(StatusCodes.BAD_REQUEST, e.getMessage());
        }
    }

    private Route issue(JsonNode body) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "'");
            }
        }
        String roomId = id(body, "roomId");
        String peerId = id(body, "peerId");
        JsonNode nameNode = body.get("displayName");
        String displayName = null;
        if (nameNode != null && !nameNode.isNull()) {
            if (!nameNode.isTextual() || nameNode.asText().isBlank() || nameNode.asText().length() > 128) {
                throw new IllegalArgumentException("displayName must be a string of 1 to 128 characters");
            }
            displayName = nameNode.asText();
        }
        JsonNode roleNode = body.get("role");
        if (roleNode == null || !roleNode.isTextual()) {
            throw new IllegalArgumentException("role is required: 'host', 'guest' or 'viewer'");
        }
        PeerGrant.Role role = PeerGrant.Role.of(roleNode.asText());
        Duration max = tokens.settings().maxTokenTtl();
        Duration ttl = DEFAULT_TTL.compareTo(max) > 0 ? max : DEFAULT_TTL;
        JsonNode ttlNode = body.get("ttlSeconds");
        if (ttlNode != null && !ttlNode.isNull()) {
            if (!ttlNode.canConvertToLong() || !ttlNode.isIntegralNumber() || ttlNode.asLong() < 1
                    || ttlNode.asLong() > max.toSeconds()) {
                throw new IllegalArgumentException("ttlSeconds must be an integer from 1 to " + max.toSeconds());
            }
            ttl = Duration.ofSeconds(ttlNode.asLong());
        }
        Instant now = clock.instant();
        String token = tokens.issue(roomId, peerId, displayName, role, ttl, now);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("token", token).put("roomId", roomId).put("peerId", peerId).put("displayName", displayName)
                .put("role", role.json()).put("expiresAt", now.plus(ttl).toString())
                .put("url", "/?roomId=" + enc(roomId) + "&peerId=" + enc(peerId) + "&token=" + enc(token));
        return complete(StatusCodes.OK, out, Jackson.marshaller());
    }

    private static String id(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank() || n.asText().length() > 128) {
            throw new IllegalArgumentException(field + " is required: a string of 1 to 128 characters");
        }
        return n.asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
