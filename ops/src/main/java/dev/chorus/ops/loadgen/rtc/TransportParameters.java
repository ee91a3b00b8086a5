package dev.chorus.ops.loadgen.rtc;

import dev.chorus.media.dtls.DtlsFingerprint;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What a client needs from a {@code createWebRtcTransport} answer to connect: the transport id, the server's ICE
 * credentials, its UDP host candidate and its DTLS fingerprint (sha-256, as mediasoup-client puts in the SDP).
 */
public record TransportParameters(String id, String iceUfrag, String icePassword, InetSocketAddress udpCandidate,
                                  DtlsFingerprint serverFingerprint) {
    public TransportParameters {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(iceUfrag, "iceUfrag");
        Objects.requireNonNull(icePassword, "icePassword");
        Objects.requireNonNull(udpCandidate, "udpCandidate");
        Objects.requireNonNull(serverFingerprint, "serverFingerprint");
    }
}
