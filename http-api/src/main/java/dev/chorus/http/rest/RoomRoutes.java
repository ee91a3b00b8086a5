package dev.chorus.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.actors.room.RoomSettings;
import dev.chorus.actors.stream.ProducerEntity;
import dev.chorus.persistence.history.HistoryQueries;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * Rooms over REST (JSON; see docs/rest-api.md): {@code POST /api/rooms} creates a room with settings,
 * {@code GET /api/rooms} lists the open rooms (from the history tables), {@code GET /api/rooms/{id}} shows one
 * (members, producers and where they live in the cluster), {@code PATCH /api/rooms/{id}} changes its settings,
 * {@code DELETE /api/rooms/{id}} closes it, and {@code DELETE /api/rooms/{id}/peers/{peerId}} removes a peer.
 * Paths are relative to {@code /api} (see {@link ApiRoutes}).
 */
public final class RoomRoutes extends AllDirectives {
    /** Room ids created through the API: URL-safe, at most 128 characters. */
    static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    private static final int MAX_ID_LENGTH = 128;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789";

    private final ClusterSharding sharding;
    private final Duration timeout;
    private final HistoryQueries history;
    private final Executor blocking;

    public RoomRoutes(ActorSystem<?> system, Duration timeout, HistoryQueries history, Executor blocking) {
        this.sharding = ClusterSharding.get(system);
        this.timeout = timeout;
        this.history = history;
        this.blocking = blocking;
    }

    public Route route() {
        return concat(
                path("rooms", () -> concat(
                        get(this::list),
                        post(() -> body(this::create)))),
                pathPrefix("rooms", () -> pathPrefix(PathMatchers.segment(), id -> concat(
                        pathEnd(() -> concat(
                                get(() -> withId(id, () -> view(id))),
                                patch(() -> withId(id, () -> body(b -> update(id, b)))),
                                delete(() -> withId(id, () -> close(id))))),
                        path(PathMatchers.segment("peers").slash(PathMatchers.segment()), peerId ->
                                delete(() -> withId(id, () -> peerId.length() > MAX_ID_LENGTH
                                        ? ApiRoutes.error(StatusCodes.BAD_REQUEST,
                                                "peer id must be at most 128 characters")
                                        : kick(id, peerId))))))));
    }

    private Route withId(String id, java.util.function.Supplier<Route> inner) {
        return id.length() > MAX_ID_LENGTH
                ? ApiRoutes.error(StatusCodes.BAD_REQUEST, "room id must be at most 128 characters")
                : inner.get();
    }

    /** Parses the request body as a JSON object; an empty body is {@code {}}. */
    private Route body(Function<JsonNode, Route> inner) {
        return entity(Unmarshaller.entityToString(), text -> {
            JsonNode json;
            try {
                json = text.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
            } catch (Exception e) {
                return ApiRoutes.error(StatusCodes.BAD_REQUEST, "the body is not valid JSON");
            }
            if (json == null || !json.isObject()) {
                return ApiRoutes.error(StatusCodes.BAD_REQUEST, "the body must be a JSON object");
            }
            return inner.apply(json);
        });
    }

    private Route list() {
        return onComplete(CompletableFuture.supplyAsync(history::openRooms, blocking), result -> {
            if (result.isFailure()) {
                return ApiRoutes.error(StatusCodes.SERVICE_UNAVAILABLE,
                        "room list unavailable: " + result.failed().get().getMessage());
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            ArrayNode rooms = out.putArray("rooms");
            for (HistoryQueries.RoomRecord r : result.get()) {
                ObjectNode o = rooms.addObject();
                o.put("id", r.roomId()).put("createdBy", r.createdBy())
                        .put("openedAt", r.openedAt() == null ? null : r.openedAt().toString())
                        .put("participants", r.participants());
                o.set("settings", readJson(r.settingsJson()));
            }
            return complete(StatusCodes.OK, out, Jackson.marshaller());
        });
    }

    private Route create(JsonNode body) {
        String id;
        RoomSettings settings;
        try {
            settings = SettingsJson.read(body, RoomSettings.DEFAULT, Set.of("id"));
            JsonNode given = body.get("id");
            if (given == null || given.isNull()) {
                id = newId();
            } else if (!given.isTextual() || !ROOM_ID.matcher(given.asText()).matches()) {
                return ApiRoutes.error(StatusCodes.BAD_REQUEST,
                        "id must be 1 to 128 characters of letters, digits, '.', '_', '~' or '-'");
            } else {
                id = given.asText();
            }
        } catch (IllegalArgumentException e) {
            return ApiRoutes.error(StatusCodes.BAD_REQUEST, e.getMessage());
        }
        String roomId = id;
        return admin(roomId, r -> new RoomEntity.Create(settings, r), result -> switch (result.outcome()) {
            case OK -> respondWithHeader(Location.create("/api/rooms/" + roomId),
                    () -> complete(StatusCodes.CREATED, RoomView.summary(result.room()), Jackson.marshaller()));
            case CONFLICT -> ApiRoutes.error(StatusCodes.CONFLICT, "room '" + roomId + "' is already open");
            case NOT_FOUND -> ApiRoutes.error(StatusCodes.NOT_FOUND, result.message());
        });
    }

    private Route update(String roomId, JsonNode body) {
        return onComplete(room(roomId).<RoomEntity.RoomInfo>ask(RoomEntity.GetInfo::new, timeout), current -> {
            if (current.isFailure()) {
                return unavailable(roomId, current.failed().get());
            }
            if (!current.get().open()) {
                return ApiRoutes.error(StatusCodes.NOT_FOUND, "room '" + roomId + "' not found");
            }
            RoomSettings settings;
            try {
                settings = SettingsJson.read(body, current.get().settings(), Set.of());
            } catch (IllegalArgumentException e) {
                return ApiRoutes.error(StatusCodes.BAD_REQUEST, e.getMessage());
            }
            return admin(roomId, r -> new RoomEntity.UpdateSettings(settings, r), result -> okOr404(result,
                    () -> complete(StatusCodes.OK, RoomView.summary(result.room()), Jackson.marshaller())));
        });
    }

    private Route close(String roomId) {
        return admin(roomId, RoomEntity.Close::new, result -> okOr404(result, () -> {
            ObjectNode out = RoomView.summary(result.room());
            out.put("closed", true);
            return complete(StatusCodes.OK, out, Jackson.marshaller());
        }));
    }

    private Route kick(String roomId, String peerId) {
        return admin(roomId, r -> new RoomEntity.Kick(peerId, r),
                result -> okOr404(result, () -> complete(StatusCodes.NO_CONTENT)));
    }

    private Route okOr404(RoomEntity.AdminResult result, java.util.function.Supplier<Route> ok) {
        return result.outcome() == RoomEntity.AdminResult.Outcome.OK ? ok.get()
                : ApiRoutes.error(StatusCodes.NOT_FOUND, result.message());
    }

    private Route admin(String roomId,
                        org.apache.pekko.japi.function.Function<org.apache.pekko.actor.typed.ActorRef<RoomEntity.AdminResult>, RoomEntity.Command> command,
                        Function<RoomEntity.AdminResult, Route> then) {
        return onComplete(room(roomId).ask(command, timeout), result -> result.isSuccess()
                ? then.apply(result.get()) : unavailable(roomId, result.failed().get()));
    }

    private Route view(String roomId) {
        return onComplete(details(roomId), result -> result.isSuccess()
                ? (result.get() == null ? ApiRoutes.error(StatusCodes.NOT_FOUND, "room '" + roomId + "' not found")
                        : complete(StatusCodes.OK, result.get(), Jackson.marshaller()))
                : unavailable(roomId, result.failed().get()));
    }

    private Route unavailable(String roomId, Throwable t) {
        StatusCode status = StatusCodes.SERVICE_UNAVAILABLE;
        return ApiRoutes.error(status, "room '" + roomId + "' did not answer: " + t.getMessage());
    }

    /** The room's view, or null when it is not open. */
    private CompletionStage<JsonNode> details(String roomId) {
        return room(roomId).<RoomEntity.RoomInfo>ask(RoomEntity.GetInfo::new, timeout).thenCompose(room -> {
            if (!room.open()) {
                return CompletableFuture.completedFuture(null);
            }
            Map<String, ProducerEntity.Info> infos = new HashMap<>();
            CompletableFuture<?>[] asks = room.producers().stream()
                    .map(p -> sharding.entityRefFor(ProducerEntity.TYPE_KEY, p.producerId())
                            .<ProducerEntity.Info>ask(ProducerEntity.GetInfo::new, timeout)
                            .thenAccept(i -> {
                                synchronized (infos) {
                                    infos.put(p.producerId(), i);
                                }
                            })
                            .exceptionally(e -> null)
                            .toCompletableFuture())
                    .toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(asks).thenApply(v -> {
                synchronized (infos) {
                    return (JsonNode) RoomView.of(room, infos);
                }
            });
        });
    }

    private EntityRef<RoomEntity.Command> room(String roomId) {
        return sharding.entityRefFor(RoomEntity.TYPE_KEY, roomId);
    }

    private static JsonNode readJson(String json) {
        try {
            return json == null ? JsonNodeFactory.instance.nullNode() : MAPPER.readTree(json);
        } catch (Exception e) {
            return JsonNodeFactory.instance.textNode(json);
        }
    }

    private static String newId() {
        StringBuilder b = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            b.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return b.toString();
    }
}
