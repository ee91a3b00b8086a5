package dev.chorus.ops.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.ops.loadgen.media.MediaLoop;
import dev.chorus.ops.loadgen.media.OutboundStream;
import dev.chorus.ops.loadgen.media.Publisher;
import dev.chorus.ops.loadgen.media.RtxHistory;
import dev.chorus.ops.loadgen.media.TalkPattern;
import dev.chorus.ops.loadgen.media.VideoFrameModel;
import dev.chorus.ops.loadgen.rtc.ClientTransport;
import dev.chorus.ops.loadgen.signal.ProducerParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one participant publishes: its streams (SSRCs, MIDs, RIDs) and the matching {@code produce} requests, so
 * the signaled parameters and the packets on the wire agree. Audio is MID "0", video MID "1". With simulcast the
 * top encoding runs at {@code --video-bitrate}, the middle one at {@value #MIDDLE_SHARE} of it and the lowest at
 * {@value #LOW_SHARE}.
 */
final class PublishPlan {
    static final double MIDDLE_SHARE = 0.3;
    static final double LOW_SHARE = 0.1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutboundStream audio;
    private final OutboundStream[] video;
    private final VideoFrameModel[] models;
    private final ObjectNode audioParameters;
    private final ObjectNode videoParameters;
    private final int audioBytes;

    private PublishPlan(OutboundStream audio, OutboundStream[] video, VideoFrameModel[] models,
                        ObjectNode audioParameters, ObjectNode videoParameters, int audioBytes) {
        this.audio = audio;
        this.video = video;
        this.models = models;
        this.audioParameters = audioParameters;
        this.videoParameters = videoParameters;
        this.audioBytes = audioBytes;
    }

    /** Plans the streams of a participant with {@code role} under {@code options}. */
    static PublishPlan of(Scenario.Role role, LoadgenOptions options, String cname) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        OutboundStream audio = null;
        ObjectNode audioParams = null;
        if (role.audio()) {
            long ssrc = ssrc(r);
            audio = new OutboundStream(ssrc, 0, ProducerParameters.OPUS_PT, 0, "0", null, 48000, null);
            audioParams = ProducerParameters.audio("0", ssrc, cname);
        }
        int layers = role.video() ? (options.simulcast() ? 3 : 1) : 0;
        OutboundStream[] video = new OutboundStream[layers];
        VideoFrameModel[] models = new VideoFrameModel[layers];
        long[] ssrcs = new long[layers];
        long[] rtx = new long[layers];
        int[] bitrates = new int[layers];
        for (int i = 0; i < layers; i++) {
            ssrcs[i] = ssrc(r);
            rtx[i] = ssrc(r);
            double share = layers == 1 || i == 2 ? 1.0 : i == 1 ? MIDDLE_SHARE : LOW_SHARE;
            bitrates[i] = (int) (options.videoBitrate() * share);
            video[i] = new OutboundStream(ssrcs[i], rtx[i], ProducerParameters.VP8_PT,
                    ProducerParameters.VP8_RTX_PT, "1", layers > 1 ? "r" + i : null, 90000,
                    new RtxHistory(options.rtxHistory()));
            models[i] = new VideoFrameModel(bitrates[i], options.fps(), options.keyFrameInterval().toMillis(),
                    Publisher.MAX_VIDEO_PAYLOAD);
        }
        ObjectNode videoParams = layers == 0 ? null : ProducerParameters.video("1", ssrcs, rtx, bitrates, cname);
        return new PublishPlan(audio, video, models, audioParams, videoParams, options.audioBytes());
    }

    private static long ssrc(ThreadLocalRandom r) {
        return r.nextLong(1, 1L << 32);
    }

    /** The publisher that sends these streams on {@code transport}. */
    Publisher publisher(MediaLoop media, ClientTransport transport, TalkPattern talk, int index, int count,
                        String cname) {
        return new Publisher(media.loop(), transport, media.stats(), audio, audioBytes, talk, index, count, video,
                models, cname);
    }

    /** The {@code produce} requests, audio first. */
    List<ObjectNode> produceRequests(String transportId) {
        List<ObjectNode> out = new ArrayList<>(2);
        if (audioParameters != null) {
            out.add(produce(transportId, "audio", audioParameters));
        }
        if (videoParameters != null) {
            out.add(produce(transportId, "video", videoParameters));
        }
        return out;
    }

    private static ObjectNode produce(String transportId, String kind, ObjectNode rtpParameters) {
        ObjectNode p = JSON.createObjectNode().put("transportId", transportId).put("kind", kind);
        p.set("rtpParameters", rtpParameters);
        p.putObject("appData").put("source", kind);
        return p;
    }
}
