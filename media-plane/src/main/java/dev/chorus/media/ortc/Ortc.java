package dev.chorus.media.ortc;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * ORTC negotiation between mediasoup-client browsers and the router: pure static functions, no I/O.
 *
 * <p>Flow on {@code produce}: {@link #validateRtpParameters} then {@link #producerMapping} (ingress tables),
 * {@link #producerType} and {@link #consumableParameters}. Per subscriber: {@link #canConsume} then
 * {@link #consumerParameters}. {@link #ingressExtensionMap} gives the forwarding engine its extension-id
 * table. Client mistakes throw {@link OrtcException} with a client-facing reason; inconsistent server-side
 * input (router configuration, a mapping that does not belong to the producer) throws
 * IllegalArgumentException.
 */
public final class Ortc {
    /** Length of the array returned by {@link #ingressExtensionMap}: one slot per possible extension id. */
    public static final int EXTENSION_MAP_SIZE = 256;

    private Ortc() {
    }

    /**
     * Router RTP capabilities for the configured media codecs (e.g. {@link RouterCodecs#defaults()}): codecs
     * with supported-table spelling and feedback, payload types from 100..127 then 96..99 (unless the entry
     * has a preferredPayloadType), an RTX codec after each video codec, and every router header extension.
     *
     * @throws IllegalArgumentException for an unsupported codec, a duplicated payload type or an exhausted pool
     */
    public static RtpCapabilities routerCapabilities(List<RtpCodecCapability> mediaCodecs) {
        return RouterCapabilitiesBuilder.build(mediaCodecs);
    }

    /**
     * Checks a producer's RTP parameters for {@code kind} ("audio" or "video") and returns a normalized copy
     * (audio channels default 1, {@code dtx} false, {@code rtcp.reducedSize} true, one empty encoding if none,
     * feedback {@code parameter} "", extension {@code encrypt} false, empty maps and lists instead of null).
     */
    public static RtpParameters validateRtpParameters(RtpParameters p, String kind) throws OrtcException {
        return RtpParametersValidator.validate(p, kind);
    }

    /**
     * Maps a validated producer's payload types and encodings onto the router. Media codecs must strictly match
     * a router codec ("unsupported codec [...]"); RTX codecs follow their {@code apt} codec and need a router
     * RTX codec ("no RTX codec for capability codec PT n"). Mapped SSRCs are consecutive, starting at a value
     * drawn from {@code rnd} in [100000000, 999999999].
     */
    public static RtpMapping producerMapping(RtpParameters p, RtpCapabilities router, RandomGenerator rnd)
            throws OrtcException {
        return ProducerMapper.map(p, router, rnd);
    }

    /**
     * Several encodings: SIMULCAST. One encoding whose scalabilityMode has more than one spatial or temporal
     * layer: SVC for VP9/H264-SVC, SIMULCAST for VP8/H264. Otherwise SIMPLE.
     */
    public static ProducerType producerType(RtpParameters p) {
        List<RtpEncodingParameters> encodings = Params.orEmpty(p.encodings());
        if (encodings.size() > 1) {
            return ProducerType.SIMULCAST;
        }
        if (encodings.isEmpty() || encodings.get(0) == null) {
            return ProducerType.SIMPLE;
        }
        ScalabilityMode mode = ScalabilityMode.parse(encodings.get(0).scalabilityMode());
        if (mode.spatialLayers() == 1 && mode.temporalLayers() == 1) {
            return ProducerType.SIMPLE;
        }
        String mime = firstMediaMime(p);
        if ("video/vp9".equalsIgnoreCase(mime) || "video/h264-svc".equalsIgnoreCase(mime)) {
            return ProducerType.SVC;
        }
        if ("video/vp8".equalsIgnoreCase(mime) || "video/h264".equalsIgnoreCase(mime)) {
            return ProducerType.SIMULCAST;
        }
        return ProducerType.SIMPLE;
    }

    /**
     * What the router can forward of a producer: router codecs (mapped PT, router feedback, the producer's
     * codec parameters) each followed by its router RTX codec, the router's sendable extensions of
     * {@code kind} at router ids, the producer's encodings with {@code ssrc = mappedSsrc} and without
     * rid/rtx/codecPayloadType, and {@code rtcp = {cname, reducedSize:true}}.
     */
    public static RtpParameters consumableParameters(String kind, RtpParameters producer, RtpCapabilities router,
            RtpMapping mapping) {
        return ConsumableBuilder.build(kind, producer, router, mapping);
    }

    /** Whether the first consumable codec the device strictly supports is a media (not RTX) codec. */
    public static boolean canConsume(RtpParameters consumable, RtpCapabilities device) {
        return ConsumerBuilder.canConsume(consumable, device);
    }

    /**
     * A consumer's RTP parameters: consumable codecs the device strictly supports with the device's feedback
     * (RTX and plain nack only if {@code enableRtx}), extensions the device has with the same uri and id,
     * feedback reduced by the negotiated congestion-control extension, and one encoding with {@code ssrc},
     * {@code rtx.ssrc = rtxSsrc} when RTX survived, the producer's scalabilityMode (simulcast rewritten to
     * {@code L<encodings>T<temporal layers>}) and its largest maxBitrate.
     *
     * @throws OrtcException "no compatible media codecs"
     */
    public static RtpParameters consumerParameters(RtpParameters consumable, RtpCapabilities device,
            boolean enableRtx, String mid, long ssrc, long rtxSsrc, ProducerType type) throws OrtcException {
        return ConsumerBuilder.build(consumable, device, enableRtx, mid, ssrc, rtxSsrc, type);
    }

    /**
     * Ingress header-extension id translation for one producer: an array of {@link #EXTENSION_MAP_SIZE} where
     * index = the browser's extension id and value = the router's id for the same uri and kind (0 = unknown,
     * drop). Only router extensions the router accepts (sendrecv/recvonly) are mapped.
     *
     * @throws IllegalArgumentException if kind is not "audio" or "video"
     */
    public static int[] ingressExtensionMap(RtpParameters producer, RtpCapabilities router, String kind) {
        if (!"audio".equals(kind) && !"video".equals(kind)) {
            throw new IllegalArgumentException("invalid kind " + kind);
        }
        int[] map = new int[EXTENSION_MAP_SIZE];
        for (RtpHeaderExtensionParameters e : Params.orEmpty(producer.headerExtensions())) {
            if (e == null || e.id() == null || e.id() < 1 || e.id() >= EXTENSION_MAP_SIZE) {
                continue;
            }
            for (RtpHeaderExtensionCapability cap : Params.orEmpty(router.headerExtensions())) {
                if (kind.equals(cap.kind()) && cap.uri().equals(e.uri()) && cap.preferredId() != null
                        && ("sendrecv".equals(cap.direction()) || "recvonly".equals(cap.direction()))) {
                    map[e.id()] = cap.preferredId();
                    break;
                }
            }
        }
        return map;
    }

    /** The mimeType of the codec with {@code payloadType} in {@code p}, or null if there is none. */
    public static String mimeOf(RtpParameters p, int payloadType) {
        for (RtpCodecParameters c : Params.orEmpty(p.codecs())) {
            if (c != null && c.payloadType() != null && c.payloadType() == payloadType) {
                return c.mimeType();
            }
        }
        return null;
    }

    /** Whether {@code mimeType} is an RTX codec ({@code audio/rtx} or {@code video/rtx}, any case). */
    public static boolean isRtx(String mimeType) {
        return CodecMatcher.isRtx(mimeType);
    }

    private static String firstMediaMime(RtpParameters p) {
        for (RtpCodecParameters c : Params.orEmpty(p.codecs())) {
            if (c != null && !CodecMatcher.isRtx(c.mimeType())) {
                return c.mimeType();
            }
        }
        return null;
    }
}
