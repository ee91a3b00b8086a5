package dev.chorus.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.actors.stream.ProducerEntity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The operators' view of one room: {@code GET /api/rooms/{id}} answers where the room's peers, producers and
 * consumers live in the cluster (JSON, see {@link RoomView}); 404 with a JSON error for a room with nobody in it.
 */
public final class RoomRoutes extends AllDirectives {
    private static final int MAX_ID_LENGTH = 128;

    private final ActorSystem<?> system;
    private final ClusterSharding sharding;
    private final Duration timeout;

    public RoomRoutes(ActorSystem<?> system, Duration timeout) {
        this.system = system;
        this.sharding = ClusterSharding.get(system);
        this.timeout = timeout;
    }

    public Route route() {
        return pathPrefix("api", () -> pathPrefix("rooms", () -> path(PathMatchers.segment(), id ->
                get(() -> id.length() > MAX_ID_LENGTH
                        ? error(StatusCodes.BAD_REQUEST, "room id must be at most 128 characters")
                        : onComplete(view(id), result -> result.isSuccess()
                                ? (result.get() == null ? error(StatusCodes.NOT_FOUND, "room '" + id + "' not found")
                                        : complete(StatusCodes.OK, result.get(), Jackson.marshaller()))
                                : error(StatusCodes.SERVICE_UNAVAILABLE, "room '" + id + "' did not answer: "
                                        + result.failed().get().getMessage()))))));
    }

    private Route error(StatusCode status, String message) {
        return complete(status, JsonNodeFactory.instance.objectNode().put("error", message), Jackson.marshaller());
    }

    /** The room's view, or null when nobody is in it. */
    private CompletionStage<JsonNode> view(String roomId) {
        return sharding.entityRefFor(RoomEntity.TYPE_KEY, roomId)
                .<RoomEntity.RoomInfo>ask(RoomEntity.GetInfo::new, timeout)
                .thenCompose(room -> {
                    if (room.peers().isEmpty() && room.routerNodes().isEmpty()) {
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

}
