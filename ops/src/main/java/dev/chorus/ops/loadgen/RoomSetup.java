package dev.chorus.ops.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Gives the run's room its last-N settings through the REST API before anyone joins ({@code POST /api/rooms}, or
 * {@code PATCH} if the room is already open), and deletes a room it created when the run ends. Without
 * {@code --last-n}/{@code --last-n-audio} the room is left to the first participant to open, like a client would.
 */
final class RoomSetup {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final URI roomUri;
    private final boolean created;

    private RoomSetup(HttpClient http, URI roomUri, boolean created) {
        this.http = http;
        this.roomUri = roomUri;
        this.created = created;
    }

    /** Applies the options' room settings, if any; throws with the server's answer if it refuses them. */
    static RoomSetup apply(HttpClient http, LoadgenOptions o) throws IOException, InterruptedException {
        String base = o.api().toString().replaceAll("/+$", "") + "/api/rooms";
        URI roomUri = URI.create(base + "/" + URLEncoder.encode(o.room(), StandardCharsets.UTF_8));
        if (o.lastN() == null && o.lastNAudio() == null) {
            return new RoomSetup(http, roomUri, false);
        }
        ObjectNode settings = JSON.createObjectNode();
        if (o.lastN() != null) {
            settings.put("lastN", o.lastN());
        }
        if (o.lastNAudio() != null) {
            settings.put("lastNAudio", o.lastNAudio());
        }
        ObjectNode create = settings.deepCopy().put("id", o.room());
        HttpResponse<String> r = send(http, HttpRequest.newBuilder(URI.create(base)).POST(body(create)));
        if (r.statusCode() == 201) {
            return new RoomSetup(http, roomUri, true);
        }
        if (r.statusCode() == 409) {
            HttpResponse<String> patch = send(http, HttpRequest.newBuilder(roomUri).method("PATCH", body(settings)));
            if (patch.statusCode() == 200) {
                return new RoomSetup(http, roomUri, false);
            }
            r = patch;
        }
        throw new IOException("the server refused the room settings " + settings + ": " + r.statusCode() + " "
                + r.body());
    }

    private static HttpRequest.BodyPublisher body(ObjectNode json) {
        return HttpRequest.BodyPublishers.ofString(json.toString());
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder b)
            throws IOException, InterruptedException {
        return http.send(b.timeout(TIMEOUT).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Deletes the room if this run created it (best effort: the run's figures do not depend on it). */
    void close() {
        if (!created) {
            return;
        }
        try {
            http.send(HttpRequest.newBuilder(roomUri).timeout(TIMEOUT).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the room stays open; nothing measured depends on it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
