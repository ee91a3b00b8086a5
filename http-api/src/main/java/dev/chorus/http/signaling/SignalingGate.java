package dev.chorus.http.signaling;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.chorus.actors.guard.Refusal;
import dev.chorus.actors.guard.RefusalCounter;
import dev.chorus.http.protoo.ProtooCodec;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * The limits of one signaling connection, applied to its incoming frames before they reach the
 * {@link SignalingSession}: a frame over the size limit is answered "message too large" (400); a request or
 * notification over the connection's rate ({@link RequestLimiter}) is answered 429 (a notification is dropped); a
 * connection that keeps going over it is closed with 4000 "too many requests" (protoo-client does not reconnect).
 * The client's answers to server requests ({@code newConsumer}) are never limited. Each refusal is counted.
 *
 * <p>Frames are classified with a streaming read of their top-level fields (the session parses them fully
 * afterwards). One gate per connection; its stream stage is its only caller.
 */
final class SignalingGate {
    static final int CLOSE_CODE = 4000;
    static final String CLOSE_REASON = "too many requests";
    private static final JsonFactory JSON = new JsonFactory();

    private enum Kind { REQUEST, RESPONSE, NOTIFICATION, OTHER }

    private record Peek(Kind kind, long id) {
    }

    private record Decision(SignalingSession.Command command, RequestLimiter.Verdict verdict) {
    }

    private final SignalingLimits limits;
    private final RequestLimiter limiter;
    private final RefusalCounter refusals;
    private final ActorRef<SignalingSession.Outgoing> socket;
    private final AtomicReference<SignalingSession.Complete> closeWith;
    private final LongSupplier nanoTime;

    /**
     * @param socket    the connection's outgoing side (refusals are answered there)
     * @param closeWith the close frame's code and reason, set here before the socket is completed
     */
    SignalingGate(SignalingLimits limits, RefusalCounter refusals, ActorRef<SignalingSession.Outgoing> socket,
                  AtomicReference<SignalingSession.Complete> closeWith, LongSupplier nanoTime) {
        this.limits = limits;
        this.limiter = new RequestLimiter(limits);
        this.refusals = refusals;
        this.socket = socket;
        this.closeWith = closeWith;
        this.nanoTime = nanoTime;
    }

    /** Passes admitted commands on; completes (the session hears SocketClosed) once the gate closed the socket. */
    Flow<SignalingSession.Command, SignalingSession.Command, NotUsed> flow() {
        return Flow.<SignalingSession.Command>create()
                .map(this::decide)
                .takeWhile(d -> d.verdict() != RequestLimiter.Verdict.CLOSE)
                .filter(d -> d.verdict() == RequestLimiter.Verdict.PASS)
                .map(Decision::command);
    }

    private Decision decide(SignalingSession.Command c) {
        if (!(c instanceof SignalingSession.Incoming in)) {
            return new Decision(c, RequestLimiter.Verdict.PASS);
        }
        String text = in.text();
        Peek peek = peek(text);
        if (peek.kind() == Kind.RESPONSE && text.length() <= limits.maxMessageChars()) {
            return new Decision(c, RequestLimiter.Verdict.PASS);
        }
        RequestLimiter.Verdict verdict = limiter.admit(nanoTime.getAsLong());
        if (verdict == RequestLimiter.Verdict.CLOSE) {
            refusals.refused(Refusal.RATE_LIMIT_CLOSED);
            SignalingSession.Complete close = new SignalingSession.Complete(CLOSE_CODE, CLOSE_REASON);
            closeWith.compareAndSet(null, close);
            socket.tell(close);
            return new Decision(c, verdict);
        }
        if (verdict == RequestLimiter.Verdict.REFUSE) {
            refusals.refused(Refusal.RATE_LIMITED);
            if (peek.kind() != Kind.NOTIFICATION) {
                answer(peek.id(), 429, "rate limited: at most " + fmt(limits.requestsPerSecond())
                        + " requests per second (bursts of " + limits.requestBurst() + ")");
            }
            return new Decision(c, verdict);
        }
        if (text.length() > limits.maxMessageChars()) {
            refusals.refused(Refusal.MESSAGE_TOO_LARGE);
            answer(peek.id(), 400, "message too large (at most " + limits.maxMessageChars() + " characters)");
            return new Decision(c, RequestLimiter.Verdict.REFUSE);
        }
        return new Decision(c, verdict);
    }

    private void answer(long id, int code, String reason) {
        socket.tell(new SignalingSession.Text(ProtooCodec.errorResponse(Math.max(0, id), code, reason)));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** The frame's kind and request id from its top-level fields; a malformed or cut-off frame gives what was read. */
    private static Peek peek(String text) {
        boolean request = false;
        boolean response = false;
        boolean notification = false;
        long id = -1;
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (field) {
                        case "request" -> request = value == JsonToken.VALUE_TRUE;
                        case "response" -> response = value == JsonToken.VALUE_TRUE;
                        case "notification" -> notification = value == JsonToken.VALUE_TRUE;
                        case "id" -> id = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : id;
                        default -> p.skipChildren();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // malformed or cut off: classify by what was read
        }
        Kind kind = request ? Kind.REQUEST : response ? Kind.RESPONSE : notification ? Kind.NOTIFICATION : Kind.OTHER;
        return new Peek(kind, id);
    }
}
