package dev.chorus.ops.loadgen.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A protoo client (the wire format of protoo-client 4, MEDIASOUP_COMPAT §1) on the JDK's WebSocket, as the load
 * generator's participants use it: requests with numeric ids answered through futures, server requests handed to
 * a {@link Handler} whose future becomes the response, notifications passed on. Nothing blocks: callbacks run on
 * the HTTP client's executor. The JDK allows one outstanding send per socket, so sends are chained.
 */
public final class ProtooClient {
    public static final String SUBPROTOCOL = "protoo";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the client does with the server's requests and notifications. */
    public interface Handler {
        /** Answers a server request: the future's value is the response data; a failure is an error response. */
        CompletableFuture<JsonNode> onRequest(String method, JsonNode data);

        void onNotification(String method, JsonNode data);

        /** The socket closed (by either side) with {@code code}. */
        void onClose(int code, String reason);
    }

    /** An error response: the server refused a request. */
    public static final class RequestFailed extends IOException {
        private final int code;

        RequestFailed(String method, int code, String reason) {
            super(method + " failed: " + code + " " + reason);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private record Pending(String method, CompletableFuture<JsonNode> answer) {
    }

    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1);
    private final Handler handler;
    private final Object sendLock = new Object();
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile WebSocket ws;

    private ProtooClient(Handler handler) {
        this.handler = handler;
    }

    /** Opens {@code uri} with the protoo subprotocol; completes once the socket is open. */
    public static CompletableFuture<ProtooClient> connect(HttpClient http, URI uri, Handler handler) {
        ProtooClient c = new ProtooClient(handler);
        return http.newWebSocketBuilder().subprotocols(SUBPROTOCOL).connectTimeout(REQUEST_TIMEOUT)
                .buildAsync(uri, c.new Listener())
                .thenApply(socket -> {
                    c.ws = socket;
                    return c;
                });
    }

    /** Sends a request; the future completes with the response data or fails ({@link RequestFailed}, timeout). */
    public CompletableFuture<JsonNode> request(String method, JsonNode data) {
        long id = ids.getAndIncrement();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, new Pending(method, answer));
        ObjectNode msg = JSON.createObjectNode().put("request", true).put("id", id).put("method", method);
        msg.set("data", data == null ? JSON.createObjectNode() : data);
        send(msg).whenComplete((v, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            }
        });
        return answer.orTimeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> pending.remove(id));
    }

    /** Sends a notification. */
    public CompletableFuture<?> notify(String method, JsonNode data) {
        ObjectNode msg = JSON.createObjectNode().put("notification", true).put("method", method);
        msg.set("data", data == null ? JSON.createObjectNode() : data);
        return send(msg);
    }

    /**
     * Closes the socket normally (the server ends the peer): sends a close frame, waits for the server's (at most
     * {@link #CLOSE_WAIT}), then releases the connection.
     */
    public CompletableFuture<?> close() {
        WebSocket s = ws;
        if (s == null || s.isOutputClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?> sent;
        synchronized (sendLock) {
            lastSend = lastSend.handle((v, e) -> null)
                    .thenCompose(v -> s.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
            sent = lastSend;
        }
        return sent.thenCompose(v -> closed).orTimeout(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((v, e) -> {
                    s.abort();
                    return null;
                });
    }

    private CompletableFuture<?> send(ObjectNode msg) {
        String text = msg.toString();
        synchronized (sendLock) {
            WebSocket s = ws;
            lastSend = lastSend.handle((v, e) -> null).thenCompose(v -> s.sendText(text, true));
            return lastSend;
        }
    }

    private void dispatch(JsonNode m) {
        if (m.path("request").asBoolean(false)) {
            long id = m.path("id").asLong();
            String method = m.path("method").asText();
            CompletableFuture<JsonNode> answer;
            try {
                answer = handler.onRequest(method, m.path("data"));
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((data, e) -> {
                ObjectNode r = JSON.createObjectNode().put("response", true).put("id", id);
                if (e == null) {
                    r.put("ok", true).set("data", data == null ? JSON.createObjectNode() : data);
                } else {
                    r.put("ok", false).put("errorCode", 500).put("errorReason", String.valueOf(e.getMessage()));
                }
                send(r);
            });
        } else if (m.path("response").asBoolean(false)) {
            Pending p = pending.get(m.path("id").asLong());
            if (p == null) {
                return;
            }
            if (m.path("ok").asBoolean(false)) {
                p.answer().complete(m.path("data"));
            } else {
                p.answer().completeExceptionally(new RequestFailed(p.method(), m.path("errorCode").asInt(),
                        m.path("errorReason").asText()));
            }
        } else if (m.path("notification").asBoolean(false)) {
            handler.onNotification(m.path("method").asText(), m.path("data"));
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket w) {
            ws = w;
            w.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    dispatch(JSON.readTree(text));
                } catch (IOException | RuntimeException e) {
                    // a frame we cannot read is dropped, as protoo-client does
                }
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closed.complete(null);
            failPending("socket closed: " + code + " " + reason);
            handler.onClose(code, reason);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closed.complete(null);
            failPending("socket failed: " + error);
            handler.onClose(-1, String.valueOf(error));
        }
    }

    private void failPending(String why) {
        for (Pending p : pending.values()) {
            p.answer().completeExceptionally(new IOException(p.method() + ": " + why));
        }
    }
}
