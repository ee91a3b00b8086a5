package dev.chorus.media.engine;

import dev.chorus.media.api.MediaException;
import dev.chorus.media.ortc.RtpEncodingParameters;
import dev.chorus.media.ortc.RtpParameters;

/** Checks that a new producer's SSRCs, MID and RIDs do not collide with the transport's existing producers. */
final class ProducerRegistration {
    private ProducerRegistration() {
    }

    static void checkConflicts(WebRtcTransport t, RtpParameters params) {
        for (RtpEncodingParameters enc : params.encodings()) {
            if (enc.ssrc() != null && t.streamBySsrc(enc.ssrc()) != null) {
                throw new MediaException(409, "ssrc already exists in RTP listener [ssrc:" + enc.ssrc() + "]");
            }
            if (enc.rtx() != null && enc.rtx().ssrc() != null && t.streamBySsrc(enc.rtx().ssrc()) != null) {
                throw new MediaException(409, "ssrc already exists in RTP listener [ssrc:" + enc.rtx().ssrc() + "]");
            }
        }
        if (params.mid() != null) {
            for (Producer p : t.producers) {
                if (params.mid().equals(p.rtpParameters.mid())) {
                    throw new MediaException(409, "MID already exists in RTP listener [mid:" + params.mid() + "]");
                }
            }
        }
    }
}
