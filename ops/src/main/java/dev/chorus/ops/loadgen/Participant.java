package dev.chorus.ops.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.ops.loadgen.media.ConsumerOffer;
import dev.chorus.ops.loadgen.media.MediaLoop;
import dev.chorus.ops.loadgen.media.Publisher;
import dev.chorus.ops.loadgen.media.Subscriber;
import dev.chorus.ops.loadgen.rtc.ClientTransport;
import dev.chorus.ops.loadgen.rtc.TransportParameters;
import dev.chorus.ops.loadgen.signal.ProtooClient;
import dev.chorus.ops.loadgen.signal.RouterCapabilities;
import dev.chorus.ops.loadgen.signal.SignalingReads;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One synthetic participant: a protoo session that joins like the mediasoup demo (router capabilities, a send
 * and/or receive transport, connect with the client's DTLS fingerprint, join with receive capabilities, produce
 * audio and video) and answers {@code newConsumer} requests, plus its media on one {@link MediaLoop}. The join runs
 * as a chain of futures on the HTTP client's threads; everything that touches media runs on the loop.
 */
final class Participant implements ProtooClient.Handler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final int index;
    private final Scenario.Role role;
    private final MediaLoop media;
    private final RunContext ctx;
    private volatile ProtooClient protoo;
    private volatile long wsOpenNanos;
    private volatile long joinedNanos;
    private volatile String failure;
    private volatile boolean leaving;
    // set once during the join, used on the loop
    private volatile PublishPlan plan;
    private volatile ClientTransport sendTransport;
    private volatile ClientTransport recvTransport;
    private volatile Publisher publisher;
    private volatile Subscriber subscriber;

    Participant(String id, int index, Scenario.Role role, MediaLoop media, RunContext ctx) {
        this.id = id;
        this.index = index;
        this.role = role;
        this.media = media;
        this.ctx = ctx;
    }

    Scenario.Role role() {
        return role;
    }

    /** Joins and starts publishing; completes when the participant is in (its transports connected). */
    CompletableFuture<Void> join() {
        URI uri = URI.create(ctx.options().url().toString().replaceAll("/+$", "") + "/?roomId="
                + URLEncoder.encode(ctx.options().room(), StandardCharsets.UTF_8) + "&peerId="
                + URLEncoder.encode(id, StandardCharsets.UTF_8));
        return ProtooClient.connect(ctx.http(), uri, this)
                .thenCompose(c -> {
                    protoo = c;
                    wsOpenNanos = System.nanoTime();
                    return c.request("getRouterRtpCapabilities", null);
                })
                .thenCompose(answer -> {
                    RouterCapabilities caps = unchecked(() -> RouterCapabilities.parse(answer));
                    CompletableFuture<Void> send = role.publishes() ? transport(true) : done();
                    CompletableFuture<Void> recv = role.subscribe() ? transport(false) : done();
                    return send.thenCombine(recv, (a, b) -> caps);
                })
                .thenCompose(caps -> protoo.request("join", joinData(caps)))
                .thenCompose(v -> role.publishes() ? produce() : done())
                .thenCompose(v -> CompletableFuture.allOf(connected(sendTransport), connected(recvTransport)))
                .thenRun(() -> {
                    joinedNanos = System.nanoTime();
                    media.loop().execute(() -> {
                        if (publisher != null && !leaving) {
                            publisher.start();
                        }
                    });
                })
                .whenComplete((v, e) -> {
                    if (e != null) {
                        failure = rootMessage(e);
                    }
                });
    }

    private ObjectNode joinData(RouterCapabilities caps) {
        ObjectNode d = JSON.createObjectNode().put("displayName", "loadgen " + id);
        d.putObject("device").put("flag", "loadgen").put("name", "Chorus loadgen").put("version", "1");
        if (role.subscribe()) {
            d.set("rtpCapabilities", caps.deviceCapabilities());
        }
        return d;
    }

    /** Creates and connects one transport, then opens it on the loop (ICE, DTLS run from there). */
    private CompletableFuture<Void> transport(boolean producing) {
        ObjectNode create = JSON.createObjectNode().put("forceTcp", false).put("producing", producing)
                .put("consuming", !producing);
        return protoo.request("createWebRtcTransport", create)
                .thenCompose(answer -> {
                    TransportParameters params = unchecked(() -> SignalingReads.transport(answer));
                    ObjectNode connect = JSON.createObjectNode().put("transportId", params.id());
                    ObjectNode dtls = connect.putObject("dtlsParameters").put("role", "client");
                    dtls.putArray("fingerprints").addObject().put("algorithm", "sha-256")
                            .put("value", ctx.dtls().fingerprint().value());
                    return protoo.request("connectWebRtcTransport", connect).thenApply(v -> params);
                })
                .thenAccept(params -> {
                    ClientTransport t = new ClientTransport(media.loop(), params, ctx.dtls());
                    if (producing) {
                        sendTransport = t;
                        plan = PublishPlan.of(role, ctx.options(), "lg-" + id);
                        publisher = plan.publisher(media, t, ctx.talk(), index, ctx.options().participants(),
                                "lg-" + id);
                    } else {
                        recvTransport = t;
                    }
                    media.loop().execute(() -> open(t, producing));
                });
    }

    private void open(ClientTransport t, boolean producing) {
        if (leaving) {
            t.close();
            return;
        }
        if (producing) {
            t.media(publisher);
        } else {
            Subscriber s = new Subscriber(id, media.loop(), t, media.stats(), "lg-" + id);
            t.media(s);
            s.start();
            media.addSubscriber(s);
            subscriber = s;
        }
        t.open();
    }

    private CompletableFuture<Void> produce() {
        CompletableFuture<Void> chain = done();
        for (ObjectNode p : plan.produceRequests(sendTransport.parameters().id())) {
            chain = chain.thenCompose(v -> protoo.request("produce", p)).thenApply(v -> null);
        }
        return chain;
    }

    @Override
    public CompletableFuture<JsonNode> onRequest(String method, JsonNode data) {
        if (!"newConsumer".equals(method)) {
            return CompletableFuture.failedFuture(new IOException("unsupported request " + method));
        }
        ConsumerOffer offer;
        try {
            offer = SignalingReads.consumer(data);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<JsonNode> accepted = new CompletableFuture<>();
        media.loop().execute(() -> {
            Subscriber s = subscriber;
            if (s == null || leaving) {
                accepted.completeExceptionally(new IOException("not consuming"));
            } else {
                s.add(offer);
                accepted.complete(JSON.createObjectNode());
            }
        });
        return accepted;
    }

    @Override
    public void onNotification(String method, JsonNode data) {
        ctx.notifications().count(method);
        if ("consumerClosed".equals(method)) {
            String consumerId = data.path("consumerId").asText();
            media.loop().execute(() -> {
                Subscriber s = subscriber;
                if (s != null) {
                    s.remove(consumerId);
                }
            });
        }
    }

    @Override
    public void onClose(int code, String reason) {
        if (!leaving) {
            failure = "signaling closed by the server: " + code + " " + reason;
            stopMedia();
        }
    }

    /** Closes the signaling socket (the server ends the peer) and the media. */
    CompletableFuture<Void> leave() {
        leaving = true;
        ProtooClient c = protoo;
        stopMedia();
        return c == null ? done() : c.close().handle((v, e) -> null);
    }

    private void stopMedia() {
        media.loop().execute(() -> {
            if (publisher != null) {
                publisher.stop();
            }
            Subscriber s = subscriber;
            if (s != null) {
                s.stop();
            }
            if (sendTransport != null) {
                sendTransport.close();
            }
            if (recvTransport != null) {
                recvTransport.close();
            }
        });
    }

    private static CompletableFuture<Void> connected(ClientTransport t) {
        return t == null ? done() : t.connected();
    }

    /** {@link System#nanoTime()} when the signaling socket opened, 0 before. */
    long wsOpenNanos() {
        return wsOpenNanos;
    }

    /** {@link System#nanoTime()} when the join completed (transports connected, producers created), 0 before. */
    long joinedNanos() {
        return joinedNanos;
    }

    /** {@link System#nanoTime()} of the first media packet received, 0 before (or never, for a non-subscriber). */
    long firstMediaNanos() {
        Subscriber s = subscriber;
        return s == null ? 0 : s.firstMediaNanos();
    }

    /** True once the join completed (transports connected, producers created). */
    boolean joined() {
        return joinedNanos != 0;
    }

    /** Why the join or the session failed, or null. */
    String failure() {
        return failure;
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T unchecked(IoSupplier<T> s) {
        try {
            return s.get();
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
