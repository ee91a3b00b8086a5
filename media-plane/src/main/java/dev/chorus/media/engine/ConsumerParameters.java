package dev.chorus.media.engine;

import dev.chorus.media.ortc.HeaderExtensionUris;
import dev.chorus.media.ortc.RtpCodecParameters;
import dev.chorus.media.ortc.RtpHeaderExtensionParameters;
import dev.chorus.media.ortc.RtpParameters;

/** Reads a consumer's negotiated RTP parameters into the lookup tables its egress uses per packet. */
final class ConsumerParameters {
    private ConsumerParameters() {
    }

    /**
     * Fills {@code rtxPtByPt} (media payload type → its RTX payload type, -1 where none; the caller pre-fills -1)
     * and {@code supportedPt} (the media payload types the subscriber accepts).
     */
    static void mapCodecs(RtpParameters params, byte[] rtxPtByPt, boolean[] supportedPt) {
        for (RtpCodecParameters c : params.codecs()) {
            if (c.payloadType() < 0 || c.payloadType() >= 128) {
                continue;
            }
            if (c.mimeType().toLowerCase().endsWith("/rtx")) {
                Object apt = c.parameters() == null ? null : c.parameters().get("apt");
                if (apt instanceof Number n && n.intValue() >= 0 && n.intValue() < 128) {
                    rtxPtByPt[n.intValue()] = (byte) c.payloadType().intValue();
                }
            } else {
                supportedPt[c.payloadType()] = true;
            }
        }
    }

    /**
     * Marks in {@code extAllowed} the one-byte extension ids the subscriber negotiated, transport-cc excepted (the
     * consumer writes its own); returns whether transport-cc was negotiated at {@code tccId}.
     */
    static boolean mapExtensions(RtpParameters params, boolean[] extAllowed, int tccId) {
        boolean tcc = false;
        if (params.headerExtensions() != null) {
            for (RtpHeaderExtensionParameters h : params.headerExtensions()) {
                tcc |= HeaderExtensionUris.TRANSPORT_WIDE_CC.equals(h.uri()) && h.id() != null && h.id() == tccId;
                if (h.id() != null && h.id() > 0 && h.id() < 15 && !HeaderExtensionUris.TRANSPORT_WIDE_CC.equals(h.uri())) {
                    extAllowed[h.id()] = true;
                }
            }
        }
        return tcc;
    }
}
