package dev.chorus.http.rest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api}: room routes and history routes, with every error answered as JSON
 * ({@code {"error": "..."}}): rejections (wrong method, unsupported media type, ...) and unexpected failures too.
 */
public final class ApiRoutes extends AllDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

    private ApiRoutes() {
    }

    /** The API open to anyone who reaches it (no admin token configured). */
    public static Route of(Route... routes) {
        return of(null, r -> { }, routes);
    }

    /**
     * The API behind the admin credential: with {@code adminToken} set, every request needs
     * {@code Authorization: Bearer <adminToken>} (401 otherwise, counted in {@code refusals}).
     */
    public static Route of(String adminToken, dev.chorus.actors.guard.RefusalCounter refusals, Route... routes) {
        AdminAuth admin = new AdminAuth(adminToken, refusals);
        ApiRoutes d = new ApiRoutes();
        RejectionHandler rejections = RejectionHandler.defaultHandler().mapRejectionResponse(ApiRoutes::asJson);
        ExceptionHandler failures = ExceptionHandler.newBuilder().matchAny(e -> {
            LOG.warn("REST request failed", e);
            return d.complete(StatusCodes.INTERNAL_SERVER_ERROR,
                    JsonNodeFactory.instance.objectNode().put("error", "internal error: " + e.getMessage()),
                    Jackson.marshaller());
        }).build();
        return d.pathPrefix("api", () -> d.handleExceptions(failures, () -> d.handleRejections(rejections,
                () -> admin.require(() -> d.concat(routes[0], java.util.Arrays.copyOfRange(routes, 1,
                        routes.length))))));
    }

    static Route error(StatusCode status, String message) {
        return new ApiRoutes().complete(status, JsonNodeFactory.instance.objectNode().put("error", message),
                Jackson.marshaller());
    }

    /** A rejection's plain-text answer, as {@code {"error": "<text>"}}. */
    private static HttpResponse asJson(HttpResponse response) {
        if (!(response.entity() instanceof HttpEntity.Strict strict)
                || strict.getContentType().equals(ContentTypes.APPLICATION_JSON)) {
            return response;
        }
        String text = strict.getData().utf8String();
        String json = JsonNodeFactory.instance.objectNode().put("error", text).toString();
        return response.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json));
    }
}
