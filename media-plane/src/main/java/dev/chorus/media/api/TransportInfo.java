package dev.chorus.media.api;

import dev.chorus.media.dtls.DtlsFingerprint;
import java.util.List;

/** What a client needs to set up its side of a transport. DTLS role is always "auto" (Chorus is the server). */
public record TransportInfo(String id, IceParameters iceParameters, List<IceCandidate> iceCandidates,
                            List<DtlsFingerprint> fingerprints) {
}
