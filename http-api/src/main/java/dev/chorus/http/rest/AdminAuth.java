package dev.chorus.http.rest;

import dev.chorus.actors.guard.Refusal;
import dev.chorus.actors.guard.RefusalCounter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The REST API's admin credential: with {@code chorus.auth.admin-token} set, every {@code /api} request must carry
 * {@code Authorization: Bearer <admin-token>}; otherwise it gets 401 with a JSON error (and is counted). Without
 * an admin token the API is open, as it always was.
 */
final class AdminAuth extends AllDirectives {
    private final byte[] token;
    private final RefusalCounter refusals;

    /** @param adminToken the credential, or null for an open API */
    AdminAuth(String adminToken, RefusalCounter refusals) {
        this.token = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
        this.refusals = refusals;
    }

    boolean configured() {
        return token != null;
    }

    Route require(Supplier<Route> inner) {
        if (token == null) {
            return inner.get();
        }
        return optionalHeaderValueByName("Authorization", header -> {
            String problem = problem(header);
            if (problem == null) {
                return inner.get();
            }
            refusals.refused(Refusal.ADMIN_UNAUTHORIZED);
            return respondWithHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"chorus\""),
                    () -> ApiRoutes.error(StatusCodes.UNAUTHORIZED, problem));
        });
    }

    /** Why the header does not authorise the request, or null when it does. */
    private String problem(Optional<String> header) {
        if (header.isEmpty()) {
            return "this API needs 'Authorization: Bearer <admin token>'";
        }
        String h = header.get().trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "the Authorization header must be 'Bearer <admin token>'";
        }
        byte[] given = h.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token) ? null : "the admin token is not valid";
    }
}
