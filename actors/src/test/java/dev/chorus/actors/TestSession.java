package dev.chorus.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.actors.peer.SessionOut;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Stands in for the signaling session of one peer: a {@link TestProbe} of {@link SessionOut} plus protoo request
 * ids. Messages that arrive while the test waits for another one are kept, in arrival order, so a test can expect
 * a response and a notification in either order without racing.
 */
public final class TestSession {
    private final TestProbe<SessionOut> probe;
    private final EntityRef<PeerEntity.Command> peer;
    private final List<SessionOut> backlog = new ArrayList<>();
    private long nextId = 1;

    TestSession(TestProbe<SessionOut> probe, EntityRef<PeerEntity.Command> peer) {
        this.probe = probe;
        this.peer = peer;
    }

    public ActorRef<SessionOut> ref() {
        return probe.ref();
    }

    public EntityRef<PeerEntity.Command> peer() {
        return peer;
    }

    /** Sends {@link PeerEntity.Attach} for this session (legacy hint as the protoo URL would give it). */
    public TestSession attach(boolean legacyHint) {
        peer.tell(new PeerEntity.Attach(probe.ref(), "127.0.0.1:50000", legacyHint));
        return this;
    }

    /** Sends {@link PeerEntity.Attach} with what a join token granted. */
    public TestSession attach(boolean legacyHint, dev.chorus.actors.peer.PeerGrant grant) {
        peer.tell(new PeerEntity.Attach(probe.ref(), "127.0.0.1:50000", legacyHint, grant));
        return this;
    }

    /** Sends a protoo request and returns its id. */
    public long send(String method, JsonNode data) {
        long id = nextId++;
        peer.tell(new PeerEntity.FromClient(probe.ref(), id, method, data));
        return id;
    }

    /** Sends a protoo notification (no response expected). */
    public void sendNotification(String method, JsonNode data) {
        peer.tell(new PeerEntity.FromClient(probe.ref(), -1, method, data));
    }

    /** Tells the peer that this session's socket closed. */
    public void close() {
        peer.tell(new PeerEntity.SessionClosed(probe.ref()));
    }

    /** Sends a request and returns the data of its successful response (fails on an error response). */
    public JsonNode ok(String method, JsonNode data) {
        return response(send(method, data));
    }

    /** Sends a request and returns its error response (fails on a successful one). */
    public SessionOut.ErrorResponse error(String method, JsonNode data) {
        return errorResponse(send(method, data));
    }

    /** The data of the successful response to request {@code id}. */
    public JsonNode response(long id) {
        SessionOut out = next(SessionOut.class, m -> idOf(m) == id, "response to request " + id);
        if (out instanceof SessionOut.ErrorResponse e) {
            return fail("request " + id + " failed: " + e.code() + " " + e.reason());
        }
        return ((SessionOut.Response) out).data();
    }

    /** The error response to request {@code id}. */
    public SessionOut.ErrorResponse errorResponse(long id) {
        SessionOut out = next(SessionOut.class, m -> idOf(m) == id, "response to request " + id);
        if (out instanceof SessionOut.Response r) {
            return fail("request " + id + " unexpectedly succeeded with " + r.data());
        }
        return (SessionOut.ErrorResponse) out;
    }

    /** The first notification with {@code method} (earlier ones of other methods stay queued). */
    public JsonNode notification(String method) {
        return next(SessionOut.Notification.class, n -> n.method().equals(method), "notification " + method).data();
    }

    /** The next notification of any method, in arrival order. */
    public SessionOut.Notification nextNotification() {
        return next(SessionOut.Notification.class, n -> true, "a notification");
    }

    /** The first server request with {@code method}. */
    public SessionOut.Request request(String method) {
        return next(SessionOut.Request.class, r -> r.method().equals(method), "server request " + method);
    }

    /** The Close sent to this session. */
    public SessionOut.Close closeMessage() {
        return closeMessage(ChorusTestNode.WAIT);
    }

    /** The Close sent to this session, waiting up to {@code within}. */
    public SessionOut.Close closeMessage(Duration within) {
        return next(SessionOut.Close.class, c -> true, "Close", within);
    }

    /** Answers a server request as the client would (a protoo response). */
    public void answer(SessionOut.Request request, boolean ok) {
        request.replyTo().tell(new PeerEntity.ClientAnswer(request.token(), ok,
                ok ? Json.object() : null, ok ? null : "rejected by test"));
    }

    /** Asserts that nothing (queued or new) arrives within {@code d}. */
    public void expectNothing(Duration d) {
        assertTrue(backlog.isEmpty(), () -> "unexpected queued messages: " + backlog);
        probe.expectNoMessage(d);
    }

    /**
     * Asserts that no message matching {@code unwanted} is queued or arrives within {@code d}; other messages
     * arriving meanwhile are queued.
     */
    public void expectNo(Predicate<SessionOut> unwanted, Duration d, String what) {
        for (SessionOut m : backlog) {
            assertTrue(!unwanted.test(m), () -> "unexpected " + what + ": " + m);
        }
        long deadline = System.nanoTime() + d.toNanos();
        for (long left = d.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            SessionOut m;
            try {
                m = probe.receiveMessage(Duration.ofNanos(left));
            } catch (AssertionError quiet) {
                return;
            }
            assertTrue(!unwanted.test(m), () -> "unexpected " + what + ": " + m);
            backlog.add(m);
        }
    }

    private <T extends SessionOut> T next(Class<T> type, Predicate<T> match, String what) {
        return next(type, match, what, ChorusTestNode.WAIT);
    }

    private <T extends SessionOut> T next(Class<T> type, Predicate<T> match, String what, Duration within) {
        for (Iterator<SessionOut> it = backlog.iterator(); it.hasNext(); ) {
            SessionOut m = it.next();
            if (type.isInstance(m) && match.test(type.cast(m))) {
                it.remove();
                return type.cast(m);
            }
        }
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return fail("timed out waiting for " + what + "; received meanwhile: " + backlog);
            }
            SessionOut m;
            try {
                m = probe.receiveMessage(Duration.ofNanos(left));
            } catch (AssertionError timeout) {
                return fail("timed out waiting for " + what + "; received meanwhile: " + backlog);
            }
            if (type.isInstance(m) && match.test(type.cast(m))) {
                return type.cast(m);
            }
            backlog.add(m);
        }
    }

    private static long idOf(SessionOut m) {
        if (m instanceof SessionOut.Response r) {
            return r.id();
        }
        if (m instanceof SessionOut.ErrorResponse e) {
            return e.id();
        }
        return Long.MIN_VALUE;
    }

    /** Asserts an error response's code and that its reason contains {@code reasonPart}. */
    public static void assertError(SessionOut.ErrorResponse e, int code, String reasonPart) {
        assertEquals(code, e.code(), () -> "error code; reason was: " + e.reason());
        assertTrue(e.reason().contains(reasonPart), () -> "reason '" + e.reason() + "' lacks '" + reasonPart + "'");
    }
}
