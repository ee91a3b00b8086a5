package dev.chorus.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** Plain HTTP GETs against a node's loopback endpoints, and bounded polling for cluster state to converge. */
public final class HttpProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One response: status, content type (or "") and body. */
    public record Reply(int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    public Reply get(String url) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during GET " + url, e);
        }
    }

    /** A request with {@code method} and a JSON {@code body} (null: none). */
    public Reply send(String method, String url, String body) {
        return send(method, url, body, null);
    }

    /** The same with {@code Authorization: Bearer <bearer>} (null: no header). */
    public Reply send(String method, String url, String body, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String location = r.headers().firstValue("location").orElse(null);
            lastLocation = location;
            return new Reply(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + url, e);
        }
    }

    private volatile String lastLocation;

    /** The Location header of the last {@link #send} reply, or null. */
    public String lastLocation() {
        return lastLocation;
    }

    /** Calls {@code check} until it returns null (holds), failing with its last message after {@code timeout}. */
    public static void await(Duration timeout, Supplier<String> check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = check.get();
        while (last != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout.toSeconds() + " s: " + last);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            last = check.get();
        }
    }

    /** Null when {@code members} (a /cluster/members reply) lists {@code node} as Up, else what it shows. */
    public static String upIn(Reply members, String node) {
        if (members.status() != 200) {
            return "/cluster/members answered " + members.status() + ": " + members.body();
        }
        for (JsonNode m : members.json().path("members")) {
            if (node.equals(m.path("node").asText())) {
                return "Up".equals(m.path("status").asText()) ? null : node + " is " + m.path("status").asText();
            }
        }
        return node + " not among " + members.body();
    }
}
