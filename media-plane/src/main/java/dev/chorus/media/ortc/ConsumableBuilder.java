package dev.chorus.media.ortc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a producer's consumable RTP parameters: what the router can forward of it, in router terms (router
 * payload types and feedback with the producer's codec parameters, router extension ids, mapped SSRCs).
 */
final class ConsumableBuilder {
    private ConsumableBuilder() {
    }

    static RtpParameters build(String kind, RtpParameters producer, RtpCapabilities router, RtpMapping mapping) {
        if (!"audio".equals(kind) && !"video".equals(kind)) {
            throw new IllegalArgumentException("invalid kind " + kind);
        }
        List<RtpCodecParameters> codecs = new ArrayList<>();
        for (RtpCodecParameters c : Params.orEmpty(producer.codecs())) {
            if (CodecMatcher.isRtx(c.mimeType())) {
                continue;
            }
            int routerPt = mappedPayloadType(mapping, c.payloadType());
            RtpCodecCapability cap = routerCodec(router, routerPt);
            codecs.add(new RtpCodecParameters(cap.mimeType(), routerPt, cap.clockRate(), cap.channels(),
                    Params.mutable(c.parameters()), cap.rtcpFeedback()));
            RtpCodecCapability rtx = routerRtx(router, routerPt);
            if (rtx != null) {
                codecs.add(new RtpCodecParameters(rtx.mimeType(), rtx.preferredPayloadType(), rtx.clockRate(), null,
                        rtx.parameters(), Params.orEmpty(rtx.rtcpFeedback())));
            }
        }
        List<RtpHeaderExtensionParameters> exts = new ArrayList<>();
        for (RtpHeaderExtensionCapability e : Params.orEmpty(router.headerExtensions())) {
            if (kind.equals(e.kind()) && ("sendrecv".equals(e.direction()) || "sendonly".equals(e.direction()))) {
                exts.add(new RtpHeaderExtensionParameters(e.uri(), e.preferredId(),
                        e.preferredEncrypt() != null && e.preferredEncrypt(), Map.of()));
            }
        }
        List<RtpEncodingParameters> encodings = new ArrayList<>();
        List<RtpEncodingParameters> in = Params.orEmpty(producer.encodings());
        List<EncodingMapping> em = Params.orEmpty(mapping.encodings());
        if (in.size() != em.size()) {
            throw new IllegalArgumentException("mapping has " + em.size() + " encodings, producer " + in.size());
        }
        for (int i = 0; i < in.size(); i++) {
            RtpEncodingParameters e = in.get(i);
            encodings.add(new RtpEncodingParameters(em.get(i).mappedSsrc(), null, null, null, e.dtx(),
                    e.scalabilityMode(), e.maxBitrate(), e.scaleResolutionDownBy(), e.active()));
        }
        String cname = producer.rtcp() == null ? null : producer.rtcp().cname();
        return new RtpParameters(null, codecs, exts, encodings, new RtcpParameters(cname, true));
    }

    private static int mappedPayloadType(RtpMapping mapping, Integer payloadType) {
        for (CodecMapping m : Params.orEmpty(mapping.codecs())) {
            if (payloadType != null && m.payloadType() == payloadType) {
                return m.mappedPayloadType();
            }
        }
        throw new IllegalArgumentException("no codec mapping for payloadType " + payloadType);
    }

    private static RtpCodecCapability routerCodec(RtpCapabilities router, int pt) {
        for (RtpCodecCapability cap : Params.orEmpty(router.codecs())) {
            if (cap.preferredPayloadType() != null && cap.preferredPayloadType() == pt
                    && !CodecMatcher.isRtx(cap.mimeType())) {
                return cap;
            }
        }
        throw new IllegalArgumentException("no router codec with payloadType " + pt);
    }

    private static RtpCodecCapability routerRtx(RtpCapabilities router, int mediaPt) {
        for (RtpCodecCapability cap : Params.orEmpty(router.codecs())) {
            if (CodecMatcher.isRtx(cap.mimeType()) && cap.preferredPayloadType() != null
                    && Params.integerParam(cap.parameters(), "apt", Params.NOT_INTEGER) == mediaPt) {
                return cap;
            }
        }
        return null;
    }
}
