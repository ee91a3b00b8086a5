package dev.chorus.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A protoo test client on the JDK's WebSocket: it records every text frame in order and how the socket ended,
 * so tests can check exact frame sequences and server-side closes.
 */
public final class WsProbe implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket ws;
    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;

    private WsProbe(HttpClient http, URI uri, String... subprotocols) {
        this(http, uri, java.util.Map.of(), subprotocols);
    }

    private WsProbe(HttpClient http, URI uri, java.util.Map<String, String> headers, String... subprotocols) {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(b::header);
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        this.ws = b.buildAsync(uri, new Listener()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Opens a socket and fails the test if the handshake is refused. */
    public static WsProbe open(HttpClient http, URI uri, String... subprotocols) {
        return new WsProbe(http, uri, subprotocols);
    }

    /** Opens a socket with extra handshake headers (e.g. {@code Origin}); fails the test if it is refused. */
    public static WsProbe open(HttpClient http, URI uri, java.util.Map<String, String> headers,
                               String... subprotocols) {
        return new WsProbe(http, uri, headers, subprotocols);
    }

    /** Opens a socket expecting the handshake to be refused; returns the HTTP status of the refusal. */
    public static int refusedStatus(HttpClient http, URI uri, String... subprotocols) {
        return refusedStatus(http, uri, java.util.Map.of(), subprotocols);
    }

    /** {@link #refusedStatus(HttpClient, URI, String...)} with extra handshake headers. */
    public static int refusedStatus(HttpClient http, URI uri, java.util.Map<String, String> headers,
                                    String... subprotocols) {
        try {
            WsProbe p = new WsProbe(http, uri, headers, subprotocols);
            p.close();
            throw new AssertionError("the handshake to " + uri + " was accepted");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    public String subprotocol() {
        return ws.getSubprotocol();
    }

    public void send(String text) {
        ws.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public void sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The next text frame, in arrival order. */
    public JsonNode next() {
        try {
            JsonNode m = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no frame within " + WAIT.toSeconds() + " s");
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Skips frames until one matches; fails after {@link #WAIT}. */
    public JsonNode nextMatching(String what, Predicate<JsonNode> p) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        StringBuilder skipped = new StringBuilder();
        while (System.nanoTime() < deadline) {
            JsonNode m;
            try {
                m = frames.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (m != null && p.test(m)) {
                return m;
            }
            if (m != null && skipped.length() < 2000) {
                skipped.append(m).append('\n');
            }
        }
        throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s; skipped:\n" + skipped);
    }

    /** Every frame that arrives within {@code d} (and any already queued). */
    public java.util.List<JsonNode> drainFor(java.time.Duration d) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode m = frames.poll(50, TimeUnit.MILLISECONDS);
                if (m != null) {
                    out.add(m);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return out;
    }

    public JsonNode notification(String method) {
        return nextMatching("notification " + method,
                m -> m.path("notification").asBoolean() && method.equals(m.path("method").asText()));
    }

    public JsonNode request(long id, String method, String dataJson) {
        send("{\"request\":true,\"id\":" + id + ",\"method\":\"" + method + "\",\"data\":" + dataJson + "}");
        return responseTo(id);
    }

    public JsonNode responseTo(long id) {
        return nextMatching("response to " + id,
                m -> m.path("response").asBoolean() && m.path("id").isIntegralNumber() && m.path("id").asLong() == id);
    }

    /** The close code the server sent, waiting up to {@link #WAIT}; fails if the socket stays open. */
    public int awaitClosedByServer() {
        try {
            return closeCode.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the server did not close the socket within " + WAIT.toSeconds() + " s");
        } catch (Exception e) {
            throw new AssertionError("the socket failed instead of closing", e);
        }
    }

    /** The reason of the server's close frame (after {@link #awaitClosedByServer}). */
    public String closeReason() {
        return closeReason;
    }

    /**
     * A protoo WebSocket handshake written by hand on a plain socket, for reading what the server answers when it
     * refuses one (the JDK client does not show the body): the status and the body.
     */
    public static HttpProbe.Reply rawHandshake(int port, String pathAndQuery) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) WAIT.toMillis());
            String req = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: protoo\r\n\r\n";
            s.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
            StringBuilder head = new StringBuilder();
            while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            int status = Integer.parseInt(head.substring(9, 12));
            String type = "";
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    type = line.substring(13).trim();
                } else if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = new byte[length];
            in.readFully(body);
            return new HttpProbe.Reply(status, type, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(JSON.readTree(partial.toString()));
                } catch (java.io.IOException e) {
                    frames.add(JSON.createObjectNode().put("unparseable", partial.toString()));
                }
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closeReason = reason;
            closeCode.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}
