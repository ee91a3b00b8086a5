package dev.chorus.ops.loadgen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.ops.loadgen.metrics.ServerFigures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The report as JSON ({@code --json}): the settings and every figure, a missing one as the string {@code "n/a"}.
 * Rates are per second over the measurement window, times in milliseconds, sizes in bytes.
 */
public final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    public static ObjectNode toJson(LoadReport r, boolean streamDetails) {
        ObjectNode root = JSON.createObjectNode();
        root.set("settings", JSON.valueToTree(r.settings()));
        root.put("windowSeconds", r.windowSeconds());
        ObjectNode p = root.putObject("participants");
        p.put("target", r.participants().target()).put("started", r.participants().started())
                .put("joined", r.participants().joined()).put("failed", r.participants().failed());
        p.set("failures", JSON.valueToTree(r.participants().failures()));
        root.set("joinTimeMs", percentiles(r.joinTimeMs()));
        ObjectNode s = root.putObject("streams");
        LoadReport.Streams st = r.streams();
        put(s, "expected", st.expected());
        s.put("offered", st.offered()).put("withMedia", st.withMedia());
        s.set("missing", JSON.valueToTree(st.missing()));
        put(s, "lossFraction", st.lossFraction());
        put(s, "audioJitterMs", st.audioJitterMs());
        put(s, "videoJitterMs", st.videoJitterMs());
        ObjectNode latency = root.putObject("e2eLatencyMs");
        latency.set("audio", percentiles(r.audioLatencyMs()));
        latency.set("video", percentiles(r.videoLatencyMs()));
        root.set("client", JSON.valueToTree(r.traffic()));
        ObjectNode server = root.putObject("server");
        ServerFigures f = r.server();
        put(server, "forwardedPps", f.forwardedPps());
        put(server, "forwardedBps", f.forwardedBps());
        put(server, "cpuCores", f.cpuCores());
        put(server, "cpuMicrosPerForwardedPacket", f.cpuMicrosPerPacket());
        put(server, "transitP50Ms", f.transitP50Ms());
        put(server, "transitP99Ms", f.transitP99Ms());
        put(server, "heapDeltaBytes", f.heapDeltaBytes());
        put(server, "heapPerParticipantBytes", f.heapPerParticipantBytes());
        put(server, "heapPerConsumerBytes", f.heapPerConsumerBytes());
        put(server, "peers", f.peers());
        put(server, "consumers", f.consumers());
        server.set("scrapeErrors", JSON.valueToTree(r.scrapeErrors()));
        root.set("notifications", JSON.valueToTree(r.notifications()));
        if (streamDetails) {
            root.set("streamDetails", JSON.valueToTree(r.streamDetails()));
        }
        return root;
    }

    public static void write(LoadReport r, Path file, boolean streamDetails) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(toJson(r, streamDetails)));
    }

    private static ObjectNode percentiles(Percentiles p) {
        ObjectNode n = JSON.createObjectNode().put("count", p.count());
        put(n, "p50", p.p50());
        put(n, "p99", p.p99());
        put(n, "max", p.max());
        return n;
    }

    private static void put(ObjectNode n, String field, OptionalDouble v) {
        if (v.isPresent()) {
            n.put(field, v.getAsDouble());
        } else {
            n.put(field, Format.NA);
        }
    }

    private static void put(ObjectNode n, String field, OptionalLong v) {
        if (v.isPresent()) {
            n.put(field, v.getAsLong());
        } else {
            n.put(field, Format.NA);
        }
    }
}
