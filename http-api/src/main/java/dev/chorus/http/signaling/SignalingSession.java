package dev.chorus.http.signaling;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.actors.peer.PeerGrant;
import dev.chorus.actors.peer.SessionOut;
import dev.chorus.http.metrics.SignalingMetrics;
import dev.chorus.http.protoo.ProtooCodec;
import dev.chorus.http.protoo.ProtooMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * One WebSocket's protoo endpoint, local to the node holding the socket. It parses frames, answers malformed
 * ones itself, forwards requests and notifications to the {@link PeerEntity}, owns the ids of server-to-client
 * requests (with a 30 s timeout), and writes whatever the peer sends back to the socket.
 */
public final class SignalingSession {
    public static final String MEDIASOUP_VERSION = "3.14.16";
    private static final Duration SERVER_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public sealed interface Command {
    }

    /** A text frame from the client. */
    public record Incoming(String text) implements Command {
    }

    /**
     * The socket closed. {@code graceful}: with a close handshake (the client left, or the server closed it);
     * otherwise the connection failed or was cut, and the peer keeps its place for its grace period.
     */
    public record SocketClosed(boolean graceful) implements Command {
    }

    record FromPeer(SessionOut msg) implements Command {
    }

    record RequestTimedOut(long protooId) implements Command {
    }

    /** Items for the socket's outgoing side. */
    public sealed interface Outgoing {
    }

    public record Text(String text) implements Outgoing {
    }

    public record Complete(int code, String reason) implements Outgoing {
    }

    private record Pending(long token, ActorRef<PeerEntity.Command> replyTo) {
    }

    private SignalingSession() {
    }

    /** @param grant what the connection's join token allows (its role), handed to the peer with Attach */
    public static Behavior<Command> create(EntityRef<PeerEntity.Command> peer, ActorRef<Outgoing> socket,
                                           String remoteAddress, boolean legacyHint, PeerGrant grant) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new SignalingSession().start(ctx, timers, peer, socket, remoteAddress, legacyHint, grant)));
    }

    private Behavior<Command> start(ActorContext<Command> ctx, TimerScheduler<Command> timers,
                                    EntityRef<PeerEntity.Command> peer, ActorRef<Outgoing> socket,
                                    String remoteAddress, boolean legacyHint, PeerGrant grant) {
        ActorRef<SessionOut> self = ctx.messageAdapter(SessionOut.class, FromPeer::new);
        Map<Long, Pending> pending = new HashMap<>();
        SignalingMetrics metrics = SignalingMetrics.get(ctx.getSystem());
        ClientRequests asked = new ClientRequests();
        metrics.sessionOpened();
        long[] nextId = {1};
        var version = JsonNodeFactory.instance.objectNode().put("version", MEDIASOUP_VERSION);
        socket.tell(new Text(ProtooCodec.notification("mediasoup-version", version)));
        socket.tell(new Text(ProtooCodec.notification("mediasoupVersion", version)));
        peer.tell(new PeerEntity.Attach(self, remoteAddress, legacyHint, grant));

        return Behaviors.receive(Command.class)
                .onMessage(Incoming.class, in -> {
                    ProtooMessage m = ProtooCodec.parse(in.text());
                    if (m instanceof ProtooMessage.Request r) {
                        metrics.request(r.method());
                        asked.put(r.id(), r.method());
                        peer.tell(new PeerEntity.FromClient(self, r.id(), r.method(), r.data()));
                    } else if (m instanceof ProtooMessage.Notification n) {
                        peer.tell(new PeerEntity.FromClient(self, -1, n.method(), n.data()));
                    } else if (m instanceof ProtooMessage.Response r) {
                        Pending p = pending.remove(r.id());
                        if (p != null) {
                            timers.cancel(r.id());
                            p.replyTo().tell(new PeerEntity.ClientAnswer(p.token(), r.ok(), r.data(), r.errorReason()));
                        } else {
                            ctx.getLog().debug("response for unknown request id {}", r.id());
                        }
                    } else if (m instanceof ProtooMessage.Invalid bad) {
                        metrics.request(SignalingMetrics.MALFORMED); // so errors never outnumber requests
                        metrics.error(SignalingMetrics.MALFORMED, 400);
                        socket.tell(new Text(ProtooCodec.errorResponse(Math.max(0, bad.id()), 400, bad.reason())));
                    }
                    return Behaviors.same();
                })
                .onMessage(FromPeer.class, f -> {
                    SessionOut out = f.msg();
                    if (out instanceof SessionOut.Response r) {
                        asked.remove(r.id());
                        socket.tell(new Text(ProtooCodec.response(r.id(), r.data())));
                    } else if (out instanceof SessionOut.ErrorResponse e) {
                        metrics.error(asked.remove(e.id()), e.code());
                        socket.tell(new Text(ProtooCodec.errorResponse(e.id(), e.code(), e.reason())));
                    } else if (out instanceof SessionOut.Notification n) {
                        socket.tell(new Text(ProtooCodec.notification(n.method(), n.data())));
                    } else if (out instanceof SessionOut.Request r) {
                        long id = nextId[0]++;
                        pending.put(id, new Pending(r.token(), r.replyTo()));
                        timers.startSingleTimer(id, new RequestTimedOut(id), SERVER_REQUEST_TIMEOUT);
                        socket.tell(new Text(ProtooCodec.request(id, r.method(), r.data())));
                    } else if (out instanceof SessionOut.Close c) {
                        socket.tell(new Complete(c.code(), c.reason()));
                    }
                    return Behaviors.same();
                })
                .onMessage(RequestTimedOut.class, t -> {
                    Pending p = pending.remove(t.protooId());
                    if (p != null) {
                        p.replyTo().tell(new PeerEntity.ClientAnswer(p.token(), false, null, "request timeout"));
                    }
                    return Behaviors.same();
                })
                .onMessage(SocketClosed.class, c -> {
                    // The peer hears of the close first, so it knows the unanswered requests failed for that reason.
                    peer.tell(new PeerEntity.SessionClosed(self, c.graceful()));
                    metrics.sessionClosed();
                    pending.forEach((id, p) -> p.replyTo().tell(
                            new PeerEntity.ClientAnswer(p.token(), false, null, "connection closed")));
                    return Behaviors.stopped();
                })
                .build();
    }
}
