package dev.chorus.ops.loadgen.signal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.media.dtls.DtlsFingerprint;
import dev.chorus.ops.loadgen.media.ConsumerOffer;
import dev.chorus.ops.loadgen.rtc.TransportParameters;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Reads the server's answers a synthetic participant acts on: {@code createWebRtcTransport} (either field
 * generation) and the {@code newConsumer} request. Missing essentials are an {@link IOException} with the reason,
 * so one odd answer fails one participant, not the run.
 */
public final class SignalingReads {
    private SignalingReads() {
    }

    /** The transport id, ICE credentials, first UDP candidate and sha-256 fingerprint (else the last one). */
    public static TransportParameters transport(JsonNode answer) throws IOException {
        String id = text(answer, "transportId", text(answer, "id", null));
        JsonNode ice = answer.path("iceParameters");
        String ufrag = text(ice, "usernameFragment", null);
        String pwd = text(ice, "password", null);
        InetSocketAddress udp = null;
        for (JsonNode c : answer.path("iceCandidates")) {
            if ("udp".equalsIgnoreCase(c.path("protocol").asText()) && udp == null) {
                String host = text(c, "address", text(c, "ip", null));
                if (host != null && c.path("port").canConvertToInt()) {
                    udp = new InetSocketAddress(host, c.path("port").asInt());
                }
            }
        }
        DtlsFingerprint fingerprint = null;
        for (JsonNode f : answer.path("dtlsParameters").path("fingerprints")) {
            DtlsFingerprint fp = new DtlsFingerprint(f.path("algorithm").asText(), f.path("value").asText());
            if (fingerprint == null || !"sha-256".equalsIgnoreCase(fingerprint.algorithm())) {
                fingerprint = fp;
            }
        }
        if (id == null || ufrag == null || pwd == null || udp == null || fingerprint == null) {
            throw new IOException("createWebRtcTransport answer lacks an id, ICE parameters, a UDP candidate or a "
                    + "DTLS fingerprint: " + answer);
        }
        return new TransportParameters(id, ufrag, pwd, udp, fingerprint);
    }

    /** A {@code newConsumer} request's data. */
    public static ConsumerOffer consumer(JsonNode data) throws IOException {
        String id = text(data, "consumerId", text(data, "id", null));
        String kind = text(data, "kind", null);
        JsonNode params = data.path("rtpParameters");
        JsonNode encoding = params.path("encodings").path(0);
        JsonNode media = params.path("codecs").path(0);
        if (id == null || kind == null || !encoding.path("ssrc").canConvertToLong() || media.isMissingNode()) {
            throw new IOException("newConsumer without an id, kind, SSRC or codec: " + data);
        }
        int rtxPt = -1;
        for (JsonNode c : params.path("codecs")) {
            if (c.path("mimeType").asText().toLowerCase(java.util.Locale.ROOT).endsWith("/rtx")) {
                rtxPt = c.path("payloadType").asInt();
            }
        }
        return new ConsumerOffer(id, text(data, "producerId", ""), text(data, "peerId", ""), kind,
                encoding.path("ssrc").asLong(), encoding.path("rtx").path("ssrc").asLong(0),
                media.path("payloadType").asInt(), rtxPt, media.path("clockRate").asInt(90000));
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.path(field);
        return v.isTextual() && !v.asText().isEmpty() ? v.asText() : fallback;
    }
}
