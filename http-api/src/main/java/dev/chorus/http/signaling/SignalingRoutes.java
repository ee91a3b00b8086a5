package dev.chorus.http.signaling;

import dev.chorus.actors.guard.RefusalCounter;
import dev.chorus.actors.guard.Refusals;
import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.http.metrics.SignalingMetrics;
import dev.chorus.actors.peer.PeerGrant;
import dev.chorus.http.auth.JoinTokens;
import dev.chorus.http.protoo.ProtooCodec;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSink;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

/**
 * The protoo WebSocket at {@code /?roomId=..&peerId=..&token=..} (subprotocol {@code protoo}): one
 * {@link SignalingSession} actor per connection, fed by the socket's incoming text frames (through the connection's
 * {@link SignalingGate}) and writing to its outgoing side. Before the upgrade the Origin is checked against the
 * allow-list and the join token against the room and peer id ({@link JoinAdmission}; refusals: HTTP 401/403 with
 * the reason as text); {@code GET /join-check} runs the same checks and answers JSON, for browsers, which cannot
 * read a refused handshake's answer.
 */
public final class SignalingRoutes extends AllDirectives {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SignalingRoutes.class);
    public static final String SUBPROTOCOL = "protoo";

    private final ActorSystem<?> system;
    private final ClusterSharding sharding;
    private final Materializer materializer;
    private final SignalingMetrics metrics;
    private final SignalingLimits limits;
    private final JoinAdmission admission;
    private final RefusalCounter refusals;

    public SignalingRoutes(ActorSystem<?> system, JoinTokens tokens, SignalingLimits limits) {
        this.system = system;
        this.metrics = SignalingMetrics.get(system);
        this.sharding = ClusterSharding.get(system);
        this.materializer = Materializer.matFromSystem(system);
        this.limits = limits;
        this.admission = new JoinAdmission(tokens, new OriginPolicy(limits.allowedOrigins()));
        this.refusals = Refusals.get(system);
    }

    public Route route() {
        return concat(
                pathSingleSlash(() -> extractWebSocketUpgrade(upgrade -> joinParameters((roomId, peerId, token) ->
                        parameterOptional("consumerReplicas", replicas -> clientHeaders((origin, host) ->
                                extractRequest(req -> accept(upgrade, roomId, peerId, replicas.isPresent(),
                                        remoteAddress(req), token, origin, host))))))),
                path("join-check", () -> get(() -> joinParameters((roomId, peerId, token) ->
                        clientHeaders((origin, host) -> admission.check(roomId, peerId, token, origin, host))))));
    }

    private interface Parameters {
        Route apply(Optional<String> roomId, Optional<String> peerId, Optional<String> token);
    }

    private interface Headers {
        Route apply(Optional<String> origin, Optional<String> host);
    }

    private Route joinParameters(Parameters inner) {
        return parameterOptional("roomId", roomId -> parameterOptional("peerId", peerId ->
                parameterOptional("token", token -> inner.apply(roomId, peerId, token))));
    }

    private Route clientHeaders(Headers inner) {
        return optionalHeaderValueByName("Origin", origin ->
                optionalHeaderValueByName("Host", host -> inner.apply(origin, host)));
    }

    /**
     * The address of the connection ({@code ip:port}), as this node saw it: with a proxy in front, the proxy's.
     * (Forwarding headers are not trusted: any client could set them.)
     */
    private static String remoteAddress(org.apache.pekko.http.javadsl.model.HttpRequest req) {
        return req.getAttribute(org.apache.pekko.http.javadsl.model.AttributeKeys.remoteAddress)
                .flatMap(r -> r.getAddress().map(a -> a.getHostAddress() + ":" + r.getPort()))
                .orElse("unknown");
    }

    private Route accept(WebSocketUpgrade upgrade, Optional<String> roomId, Optional<String> peerId, boolean legacy,
                         String remote, Optional<String> token, Optional<String> origin, Optional<String> host) {
        String idProblem = JoinAdmission.idProblem(roomId, peerId);
        if (idProblem != null) {
            metrics.refused("bad_request");
            return complete(StatusCodes.BAD_REQUEST, idProblem);
        }
        boolean wantsProtoo = false;
        for (String p : upgrade.getRequestedProtocols()) {
            wantsProtoo |= SUBPROTOCOL.equals(p);
        }
        if (!wantsProtoo) {
            metrics.refused("bad_subprotocol");
            return complete(StatusCodes.FORBIDDEN, "the WebSocket subprotocol must be 'protoo'");
        }
        JoinTokens.Verdict verdict = admission.admit(roomId.get(), peerId.get(), token, origin, host);
        if (verdict instanceof JoinTokens.Refused r) {
            refusals.refused(r.reason());
            LOG.info("signaling socket of {} in {} from {} refused: {}", peerId.get(), roomId.get(), remote,
                    r.message());
            return complete(StatusCodes.get(r.status()), r.message());
        }
        PeerGrant grant = ((JoinTokens.Granted) verdict).grant();
        AtomicReference<SignalingSession.Complete> closeWith = new AtomicReference<>();
        return complete(CloseCodes.handle(system, upgrade,
                flow(roomId.get(), peerId.get(), remote, legacy, grant, closeWith), SUBPROTOCOL, closeWith));
    }

    private Flow<Message, Message, NotUsed> flow(String roomId, String peerId, String remote, boolean legacy,
                                                 PeerGrant grant,
                                                 AtomicReference<SignalingSession.Complete> closeWith) {
        Pair<ActorRef<SignalingSession.Outgoing>, Source<SignalingSession.Outgoing, NotUsed>> out =
                ActorSource.<SignalingSession.Outgoing>actorRef(
                        m -> {
                            if (m instanceof SignalingSession.Complete c) {
                                closeWith.compareAndSet(null, c); // the code and reason of the close frame
                                return true;
                            }
                            return false;
                        },
                        m -> Optional.empty(),
                        1024, OverflowStrategy.dropHead())
                        .preMaterialize(materializer);
        var peer = sharding.entityRefFor(PeerEntity.TYPE_KEY, PeerEntity.entityId(roomId, peerId));
        ActorRef<SignalingSession.Command> session = system.systemActorOf(
                SignalingSession.create(peer, out.first(), remote, legacy, grant),
                "signaling-" + UUID.randomUUID(), Props.empty());
        Sink<Message, NotUsed> in = Flow.<Message>create()
                .mapAsync(1, m -> m.isText() ? text(m.asTextMessage()) : drain(m))
                .filter(Optional::isPresent)
                .map(Optional::get)
                .via(new SignalingGate(limits, refusals, out.first(), closeWith, System::nanoTime).flow())
                .to(ActorSink.actorRef(session, new SignalingSession.SocketClosed(true),
                        t -> {
                            LOG.debug("signaling socket of {} in {} lost: {}", peerId, roomId, t.toString());
                            return new SignalingSession.SocketClosed(false);
                        }));
        Source<Message, NotUsed> src = out.second()
                .filter(o -> o instanceof SignalingSession.Text)
                .map(o -> (Message) TextMessage.create(((SignalingSession.Text) o).text()));
        // Not coupled: a connection that is reset fails the inbound side (grace period), while a close handshake
        // completes it (the participant left). Coupling would turn both into a completion.
        return Flow.fromSinkAndSource(in, src);
    }

    /**
     * Collects a text frame, but never buffers more than {@code chorus.limits.max-message-size} + 1 characters: the
     * rest of an oversized frame is read and discarded, and the gate answers the truncated prefix with "message too
     * large" (with the request id when the prefix shows it). A frame must arrive within 10 s.
     */
    private CompletionStage<Optional<SignalingSession.Command>> text(TextMessage m) {
        if (m.isStrict()) {
            return CompletableFuture.completedFuture(Optional.of(new SignalingSession.Incoming(m.getStrictText())));
        }
        int cap = limits.maxMessageChars() + 1;
        return m.getStreamedText()
                .completionTimeout(Duration.ofSeconds(10))
                .runFold(new StringBuilder(), (sb, chunk) -> {
                    int room = cap - sb.length();
                    if (room > 0) {
                        sb.append(chunk, 0, Math.min(room, chunk.length()));
                    }
                    return sb;
                }, materializer)
                .thenApply(sb -> Optional.of(new SignalingSession.Incoming(sb.toString())));
    }

    private CompletableFuture<Optional<SignalingSession.Command>> drain(Message m) {
        // protoo only uses text frames; binary frames are read to the end and ignored.
        return m.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer)
                .thenApply(d -> Optional.<SignalingSession.Command>empty()).toCompletableFuture();
    }
}
