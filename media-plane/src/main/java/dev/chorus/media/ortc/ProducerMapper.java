package dev.chorus.media.ortc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Maps a (validated) producer's codecs and encodings onto the router: each media codec to the router codec
 * it strictly matches, each RTX codec to the router RTX codec of its media codec's match, and each encoding
 * to a consecutive router-side SSRC starting at a random value in [100000000, 999999999].
 */
final class ProducerMapper {
    static final long MIN_MAPPED_SSRC = 100_000_000L;
    static final long MAX_MAPPED_SSRC = 999_999_999L;

    private ProducerMapper() {
    }

    static RtpMapping map(RtpParameters p, RtpCapabilities router, RandomGenerator rnd) throws OrtcException {
        if (p == null || router == null) {
            throw new OrtcException("missing rtpParameters or router capabilities");
        }
        List<RtpCodecParameters> codecs = Params.orEmpty(p.codecs());
        int[] mapped = new int[codecs.size()];
        boolean anyMedia = false;
        for (int i = 0; i < codecs.size(); i++) {
            RtpCodecParameters c = codecs.get(i);
            if (CodecMatcher.isRtx(c.mimeType())) {
                continue;
            }
            RtpCodecCapability cap = matchRouterCodec(c, router);
            if (cap == null) {
                throw new OrtcException("unsupported codec [mimeType:" + c.mimeType() + ", payloadType:"
                        + c.payloadType() + "]");
            }
            mapped[i] = cap.preferredPayloadType();
            anyMedia = true;
        }
        if (!anyMedia) {
            throw new OrtcException("no media codec in rtpParameters.codecs");
        }
        for (int i = 0; i < codecs.size(); i++) {
            RtpCodecParameters c = codecs.get(i);
            if (CodecMatcher.isRtx(c.mimeType())) {
                mapped[i] = mapRtx(c, codecs, mapped, router);
            }
        }
        List<CodecMapping> codecMappings = new ArrayList<>(codecs.size());
        for (int i = 0; i < codecs.size(); i++) {
            codecMappings.add(new CodecMapping(codecs.get(i).payloadType(), mapped[i]));
        }
        return new RtpMapping(codecMappings, mapEncodings(p, rnd));
    }

    private static RtpCodecCapability matchRouterCodec(RtpCodecParameters c, RtpCapabilities router) {
        for (RtpCodecCapability cap : Params.orEmpty(router.codecs())) {
            if (cap != null && cap.preferredPayloadType() != null && !CodecMatcher.isRtx(cap.mimeType())
                    && CodecMatcher.strict(c, cap)) {
                return cap;
            }
        }
        return null;
    }

    private static int mapRtx(RtpCodecParameters rtx, List<RtpCodecParameters> codecs, int[] mapped,
            RtpCapabilities router) throws OrtcException {
        long apt = Params.integerParam(rtx.parameters(), "apt", Params.NOT_INTEGER);
        int mediaIndex = -1;
        for (int j = 0; j < codecs.size(); j++) {
            RtpCodecParameters m = codecs.get(j);
            if (m.payloadType() != null && m.payloadType() == apt && !CodecMatcher.isRtx(m.mimeType())) {
                mediaIndex = j;
                break;
            }
        }
        if (mediaIndex < 0) {
            throw new OrtcException("missing media codec found for RTX PT " + rtx.payloadType() + " (apt " + apt + ")");
        }
        int routerMediaPt = mapped[mediaIndex];
        for (RtpCodecCapability cap : Params.orEmpty(router.codecs())) {
            if (cap != null && CodecMatcher.isRtx(cap.mimeType()) && cap.preferredPayloadType() != null
                    && Params.integerParam(cap.parameters(), "apt", Params.NOT_INTEGER) == routerMediaPt) {
                return cap.preferredPayloadType();
            }
        }
        throw new OrtcException("no RTX codec for capability codec PT " + routerMediaPt);
    }

    private static List<EncodingMapping> mapEncodings(RtpParameters p, RandomGenerator rnd) throws OrtcException {
        List<RtpEncodingParameters> encodings = Params.orEmpty(p.encodings());
        int n = encodings.size();
        if (n == 0) {
            throw new OrtcException("rtpParameters.encodings is empty");
        }
        if (n == 1) {
            RtpEncodingParameters e = encodings.get(0);
            if (e.ssrc() == null && e.rid() == null && (p.mid() == null || p.mid().isEmpty())) {
                throw new OrtcException("single encoding without ssrc or rid requires rtpParameters.mid");
            }
        } else {
            Set<Long> ssrcs = new HashSet<>();
            Set<String> rids = new HashSet<>();
            for (int i = 0; i < n; i++) {
                RtpEncodingParameters e = encodings.get(i);
                if (e.ssrc() == null && e.rid() == null) {
                    throw new OrtcException("encodings[" + i + "] has neither ssrc nor rid (required with "
                            + n + " encodings)");
                }
                if ((e.ssrc() != null && !ssrcs.add(e.ssrc())) || (e.rid() != null && !rids.add(e.rid()))) {
                    throw new OrtcException("duplicated ssrc or rid in encodings[" + i + "]");
                }
            }
        }
        long base = rnd.nextLong(MIN_MAPPED_SSRC, MAX_MAPPED_SSRC - n + 2);
        List<EncodingMapping> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            RtpEncodingParameters e = encodings.get(i);
            out.add(new EncodingMapping(e.ssrc(), e.rid(), e.scalabilityMode(), base + i));
        }
        return out;
    }
}
