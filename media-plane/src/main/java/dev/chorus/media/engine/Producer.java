package dev.chorus.media.engine;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.codec.VideoCodec;
import dev.chorus.media.forward.RetransmissionRing;
import dev.chorus.media.ortc.HeaderExtensionUris;
import dev.chorus.media.ortc.ProducerType;
import dev.chorus.media.ortc.RtpCodecParameters;
import dev.chorus.media.ortc.RtpEncodingParameters;
import dev.chorus.media.ortc.RtpHeaderExtensionParameters;
import dev.chorus.media.ortc.CodecMapping;
import dev.chorus.media.ortc.RtpMapping;
import dev.chorus.media.ortc.RtpParameters;
import dev.chorus.media.rtcp.KeyFrameRequestManager;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.simulcast.LayerStats;
import dev.chorus.media.simulcast.SenderReportTable;
import dev.chorus.media.speaker.LevelAggregator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Ingress side of one published track: maps the browser's payload types, SSRCs and header-extension ids to the
 * router's, detects key frames, and fans packets out to its consumers (a copy-on-write array read without locks).
 * Lives on its transport's media worker.
 */
final class Producer {
    /**
     * Slots of each stream's retransmission ring (audio: 1 s at 50 packets/s and then some; video: about 2 s of a
     * few Mbit/s). A consumer remembers as many of its own output numbers: older ones, whose input the ring no
     * longer holds, could not be resent anyway.
     */
    static final int AUDIO_RING_SLOTS = 256;
    static final int VIDEO_RING_SLOTS = 1024;
    private static final Consumer[] NO_CONSUMERS = new Consumer[0];
    private static final PipeOut[] NO_PIPES = new PipeOut[0];

    final String id;
    final String kind;
    final boolean audio;
    final String ownerTag;
    final ProducerHost host;
    final RtpParameters rtpParameters;
    final RtpParameters consumableParameters;
    final RtpMapping mapping;
    final ProducerType type;
    final int clockRate;
    final int[] ptMap = new int[128];
    final int[] rtxApt = new int[128];
    final VideoCodec[] codecByRouterPt = new VideoCodec[128];
    final int[] extMap;
    final int midExtId;
    final int ridExtId;
    final int rridExtId;
    final int tccExtId;
    final int audioLevelExtId;
    /**
     * Audio levels for active-speaker detection, fed per packet by {@link RtpView}; only for an audio producer
     * whose media enters here (a browser on a {@link WebRtcTransport}) and that negotiated
     * {@code ssrc-audio-level}. Null otherwise, in particular for pipe producers: their levels are counted on their
     * home node. Worker-owned; drained by {@link LevelDrain}.
     */
    final LevelAggregator levels;
    final byte[] midBytes;
    final ProducerStream[] streams;
    /**
     * Video simulcast (type {@link ProducerType#SIMULCAST}: several encodings, or one VP8/H264 encoding with
     * temporal layers) only, else null: per-stream activity and bitrates, fed per packet by {@link Fanout}, read by
     * the consumers' layer selectors ({@link SimulcastLayers}).
     */
    final LayerStats layerStats;
    /** Simulcast only, else null: the publisher's sender-report clocks per stream (from {@link RtcpHandler}). */
    final SenderReportTable senderReports;
    /**
     * VP9 SVC (type {@link ProducerType#SVC}) only, else null: activity and bitrates per spatial layer (the
     * "stream" index of these stats) and temporal layer, fed per packet by {@link Fanout}, read by the consumers'
     * {@link SvcLayers}.
     */
    final LayerStats svcLayerStats;
    /** SVC only: spatial layers, from the scalability mode (0 otherwise). */
    final int spatialLayers;
    /** Simulcast and SVC: temporal layers, from the scalability mode (0 otherwise). */
    final int temporalLayers;
    final boolean usePli;
    final boolean useFir;
    final KeyFrameRequestManager keyFrames = new KeyFrameRequestManager();
    int firSeq;
    boolean paused;
    boolean closed;
    Consumer[] consumers = NO_CONSUMERS;
    /** Outbound pipes: this producer's packets also go to these other nodes (copy-on-write, worker-owned). */
    PipeOut[] pipes = NO_PIPES;

    Producer(String id, String kind, String ownerTag, ProducerHost host, RtpParameters params,
             RtpMapping mapping, RtpParameters consumable, ProducerType type, int[] extMap, BufferPool pool,
             boolean paused) {
        this.id = id;
        this.kind = kind;
        this.audio = "audio".equals(kind);
        this.ownerTag = ownerTag;
        this.host = host;
        this.rtpParameters = params;
        this.consumableParameters = consumable;
        this.mapping = mapping;
        this.type = type;
        this.extMap = extMap;
        this.paused = paused;
        Arrays.fill(ptMap, -1);
        Arrays.fill(rtxApt, -1);
        for (CodecMapping cm : mapping.codecs()) {
            if (cm.payloadType() >= 0 && cm.payloadType() < 128) {
                ptMap[cm.payloadType()] = cm.mappedPayloadType();
            }
        }
        int rate = 90000;
        boolean pli = false;
        boolean fir = false;
        boolean nack = false;
        boolean first = true;
        VideoCodec codec = VideoCodec.OTHER;
        for (RtpCodecParameters c : params.codecs()) {
            int pt = c.payloadType();
            if (pt < 0 || pt >= 128) {
                continue;
            }
            if (c.mimeType().toLowerCase().endsWith("/rtx")) {
                Object apt = c.parameters() == null ? null : c.parameters().get("apt");
                if (apt instanceof Number n) {
                    rtxApt[pt] = n.intValue();
                }
                continue;
            }
            if (ptMap[pt] >= 0) {
                codecByRouterPt[ptMap[pt]] = VideoCodec.fromMimeType(c.mimeType());
            }
            if (first) {
                rate = c.clockRate();
                codec = VideoCodec.fromMimeType(c.mimeType());
                first = false;
                if (c.rtcpFeedback() != null) {
                    for (var fb : c.rtcpFeedback()) {
                        if ("nack".equals(fb.type()) && (fb.parameter() == null || fb.parameter().isEmpty())) {
                            nack = true;
                        } else if ("nack".equals(fb.type()) && "pli".equals(fb.parameter())) {
                            pli = true;
                        } else if ("ccm".equals(fb.type()) && "fir".equals(fb.parameter())) {
                            fir = true;
                        }
                    }
                }
            }
        }
        this.clockRate = rate;
        this.usePli = pli || !fir;
        this.useFir = fir;
        this.midExtId = browserExtId(params, HeaderExtensionUris.MID);
        this.ridExtId = browserExtId(params, HeaderExtensionUris.RTP_STREAM_ID);
        this.rridExtId = browserExtId(params, HeaderExtensionUris.REPAIRED_RTP_STREAM_ID);
        this.tccExtId = browserExtId(params, HeaderExtensionUris.TRANSPORT_WIDE_CC);
        this.audioLevelExtId = browserExtId(params, HeaderExtensionUris.SSRC_AUDIO_LEVEL);
        this.levels = audio && audioLevelExtId > 0 && host instanceof WebRtcTransport ? new LevelAggregator() : null;
        this.midBytes = params.mid() == null ? null : params.mid().getBytes(StandardCharsets.UTF_8);
        int n = params.encodings().size();
        this.streams = new ProducerStream[n];
        for (int i = 0; i < n; i++) {
            RtpEncodingParameters enc = params.encodings().get(i);
            RetransmissionRing ring = new RetransmissionRing(pool, audio ? AUDIO_RING_SLOTS : VIDEO_RING_SLOTS,
                    audio ? 1000 : 2000);
            ProducerStream s = new ProducerStream(this, i, mapping.encodings().get(i).mappedSsrc(), enc.rid(), ring,
                    nack);
            if (enc.ssrc() != null) {
                s.setMediaSsrc(enc.ssrc(), clockRate);
            }
            if (enc.rtx() != null && enc.rtx().ssrc() != null) {
                s.rtxSsrc = enc.rtx().ssrc();
            }
            streams[i] = s;
        }
        String mode = params.encodings().get(0).scalabilityMode();
        boolean simulcast = !audio && type == ProducerType.SIMULCAST;
        boolean svc = !audio && type == ProducerType.SVC && codec == VideoCodec.VP9 && n == 1;
        this.layerStats = simulcast ? new LayerStats(n) : null;
        this.senderReports = simulcast ? new SenderReportTable(n, clockRate) : null;
        this.spatialLayers = svc ? SvcLayers.spatialLayers(mode) : 0;
        this.svcLayerStats = svc ? new LayerStats(spatialLayers) : null;
        this.temporalLayers = simulcast || svc ? SimulcastLayers.temporalLayers(mode) : 0;
    }

    private static int browserExtId(RtpParameters p, String uri) {
        if (p.headerExtensions() == null) {
            return 0;
        }
        for (RtpHeaderExtensionParameters h : p.headerExtensions()) {
            if (uri.equals(h.uri()) && h.id() != null) {
                return h.id();
            }
        }
        return 0;
    }

    /** Finds the stream of a packet with a not-yet-known SSRC through its MID / RID header extensions. */
    ProducerStream resolve(RtpPacket rtp) {
        if (midExtId > 0 && midBytes != null) {
            int i = rtp.findExtension(midExtId);
            if (i >= 0 && !equalsBytes(rtp, i, midBytes)) {
                return null;
            }
            if (i < 0 && streams.length > 1) {
                return null;
            }
        } else if (ridExtId == 0) {
            return null;
        }
        int pt = rtp.payloadType();
        boolean isRtxPt = rtxApt[pt] >= 0;
        if (!isRtxPt && ptMap[pt] < 0) {
            return null; // not one of this producer's payload types
        }
        if (streams.length == 1 && streams[0].rid == null) {
            return bind(streams[0], rtp.ssrc(), isRtxPt);
        }
        int extId = isRtxPt && rridExtId > 0 ? rridExtId : ridExtId;
        int i = extId > 0 ? rtp.findExtension(extId) : -1;
        if (i < 0 && isRtxPt && ridExtId > 0) {
            i = rtp.findExtension(ridExtId);
        }
        if (i < 0) {
            return null;
        }
        for (ProducerStream s : streams) {
            if (s.ridBytes != null && equalsBytes(rtp, i, s.ridBytes)) {
                return bind(s, rtp.ssrc(), isRtxPt);
            }
        }
        return null;
    }

    private ProducerStream bind(ProducerStream s, long ssrc, boolean rtx) {
        if (rtx) {
            if (s.mediaSsrc < 0 || s.rtxSsrc >= 0) {
                return null; // RTX only once its media stream exists, and never re-bound to another SSRC
            }
            s.rtxSsrc = ssrc;
        } else {
            if (s.mediaSsrc >= 0) {
                return null; // a stream keeps its SSRC: a second one on the same MID/RID is refused
            }
            s.setMediaSsrc(ssrc, clockRate);
        }
        return s;
    }

    private static boolean equalsBytes(RtpPacket rtp, int ext, byte[] expected) {
        int len = rtp.extensionLength(ext);
        if (len != expected.length) {
            return false;
        }
        byte[] b = rtp.buffer();
        int off = rtp.extensionOffset(ext);
        for (int k = 0; k < len; k++) {
            if (b[off + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    /** The highest-index stream that is currently receiving, or stream 0. */
    ProducerStream preferredStream(long nowMs) {
        for (int i = streams.length - 1; i >= 0; i--) {
            if (streams[i].active(nowMs)) {
                return streams[i];
            }
        }
        return streams[0];
    }

    void addConsumer(Consumer c) {
        Consumer[] next = Arrays.copyOf(consumers, consumers.length + 1);
        next[next.length - 1] = c;
        consumers = next;
    }

    void removeConsumer(Consumer c) {
        Consumer[] cur = consumers;
        for (int i = 0; i < cur.length; i++) {
            if (cur[i] == c) {
                Consumer[] next = new Consumer[cur.length - 1];
                System.arraycopy(cur, 0, next, 0, i);
                System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
                consumers = next;
                return;
            }
        }
    }

    void addPipe(PipeOut o) {
        PipeOut[] next = Arrays.copyOf(pipes, pipes.length + 1);
        next[next.length - 1] = o;
        pipes = next;
    }

    void removePipe(PipeOut o) {
        pipes = Arrays.stream(pipes).filter(x -> x != o).toArray(PipeOut[]::new);
    }

    /** The stream whose router-side SSRC is {@code mappedSsrc}, or null. */
    ProducerStream streamByMappedSsrc(long mappedSsrc) {
        for (ProducerStream s : streams) {
            if (s.mappedSsrc == mappedSsrc) {
                return s;
            }
        }
        return null;
    }

    /** Asks the publisher for a key frame of {@code s}, at most once per pending period (1 s). */
    void requestKeyFrame(ProducerStream s, long nowMs) {
        if (audio || closed || s == null || s.mediaSsrc < 0) {
            return;
        }
        if (keyFrames.shouldSend(s.mediaSsrc, nowMs)) {
            host.sendKeyFrameRequest(this, s.mediaSsrc);
        }
    }

    void requestKeyFrameAll(long nowMs) {
        for (ProducerStream s : streams) {
            requestKeyFrame(s, nowMs);
        }
    }

    void releaseBuffers() {
        for (ProducerStream s : streams) {
            s.ring.clear();
        }
    }
}
