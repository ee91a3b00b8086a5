package dev.chorus.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.persistence.history.HistoryQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room history over REST (JSON, see {@link HistoryJson}); answers come from the history tables, which trail the
 * live rooms by the projection's lag (about a second).
 * <ul>
 *   <li>{@code GET /api/rooms/{id}/history}: the room's record and all its meetings, each with its participants in
 *       join order and what they published; 404 if the room was never opened;</li>
 *   <li>{@code GET /api/history?from=&to=&limit=}: meetings of any room overlapping {@code [from, to)}, oldest
 *       first, without participants. {@code from}/{@code to} are ISO-8601 instants ({@code 2025-03-01T10:00:00Z};
 *       an offset such as {@code +02:00} is accepted too); {@code to} defaults to now, {@code from} to 24 hours
 *       before {@code to}; {@code limit} 1 to 1000, default 100.</li>
 * </ul>
 * Bad input answers 400, a failing database 503, both with {@code {"error": "..."}}. Queries run on the given
 * (blocking) executor.
 */
public final class HistoryRoutes extends AllDirectives {
    private static final Logger log = LoggerFactory.getLogger(HistoryRoutes.class);
    static final int MAX_ID_LENGTH = 128;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final Duration DEFAULT_RANGE = Duration.ofHours(24);

    private final HistoryQueries queries;
    private final Executor blocking;
    private final Clock clock;

    /** Routes answering from {@code queries}, run on {@code blocking}. */
    public HistoryRoutes(HistoryQueries queries, Executor blocking) {
        this(queries, blocking, Clock.systemUTC());
    }

    /** As {@link #HistoryRoutes(HistoryQueries, Executor)}, with {@code clock} for "now". */
    public HistoryRoutes(HistoryQueries queries, Executor blocking, Clock clock) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Route route() {
        return concat(
                pathPrefix("rooms", () -> pathPrefix(PathMatchers.segment(), id ->
                        path("history", () -> get(() -> roomHistory(id))))),
                path("history", () -> get(() -> parameterOptional("from", from ->
                        parameterOptional("to", to -> parameterOptional("limit", limit ->
                                meetings(from, to, limit)))))));
    }

    private Route roomHistory(String roomId) {
        if (roomId.length() > MAX_ID_LENGTH) {
            return error(StatusCodes.BAD_REQUEST, "room id must be at most " + MAX_ID_LENGTH + " characters");
        }
        return answer(() -> queries.room(roomId)
                .map(room -> (JsonNode) HistoryJson.roomHistory(room, queries.meetingsOfRoom(roomId), clock.instant()))
                .orElse(null), "room '" + roomId + "' was never opened");
    }

    private Route meetings(Optional<String> fromText, Optional<String> toText, Optional<String> limitText) {
        Instant to;
        Instant from;
        int limit;
        try {
            to = toText.isPresent() ? instant("to", toText.get()) : clock.instant();
            from = fromText.isPresent() ? instant("from", fromText.get()) : to.minus(DEFAULT_RANGE);
            limit = limitText.isPresent() ? limit(limitText.get()) : DEFAULT_LIMIT;
        } catch (IllegalArgumentException e) {
            return error(StatusCodes.BAD_REQUEST, e.getMessage());
        }
        if (!from.isBefore(to)) {
            return error(StatusCodes.BAD_REQUEST, "from (" + from + ") must be before to (" + to + ")");
        }
        return answer(() -> HistoryJson.meetings(from, to, limit, queries.meetings(from, to, limit), clock.instant()),
                null);
    }

    /** Runs the query on the blocking executor: 200 with its JSON, 404 if it gave null, 503 if it failed. */
    private Route answer(Supplier<JsonNode> query, String notFound) {
        CompletionStage<JsonNode> result = CompletableFuture.supplyAsync(query, blocking);
        return onComplete(result, done -> {
            if (done.isFailure()) {
                Throwable cause = done.failed().get();
                if (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
                log.warn("History query failed: {}", cause.toString());
                return error(StatusCodes.SERVICE_UNAVAILABLE, "the room history is unavailable right now");
            }
            if (done.get() == null) return error(StatusCodes.NOT_FOUND, notFound);
            return complete(StatusCodes.OK, done.get(), Jackson.marshaller());
        });
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as "
                        + "2025-03-01T10:00:00Z, was '" + abbreviate(text) + "'");
            }
        }
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) return limit;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("limit must be an integer from 1 to " + MAX_LIMIT + ", was '"
                + abbreviate(text) + "'");
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    private Route error(StatusCode status, String message) {
        return complete(status, HistoryJson.error(message), Jackson.marshaller());
    }
}
