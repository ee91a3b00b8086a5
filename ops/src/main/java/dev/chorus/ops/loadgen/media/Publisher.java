package dev.chorus.ops.loadgen.media;

import dev.chorus.media.rtcp.Feedback;
import dev.chorus.media.rtcp.Firs;
import dev.chorus.media.rtcp.Nacks;
import dev.chorus.media.rtcp.NtpTime;
import dev.chorus.media.rtcp.RtcpIterator;
import dev.chorus.media.rtcp.RtcpType;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtp.RtpHeaderExtensionWriter;
import dev.chorus.ops.loadgen.rtc.ClientTransport;
import dev.chorus.ops.loadgen.rtc.EventLoop;
import dev.chorus.ops.loadgen.rtc.MediaSender;
import dev.chorus.ops.loadgen.rtc.TimerWheel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;

/**
 * The sending half of a synthetic participant, on its send transport: an Opus-like audio stream every 20 ms with
 * the audio level of its {@link TalkPattern}, VP8-like video frames (one stream, or one per simulcast encoding),
 * sender reports with a CNAME every second, and answers to the SFU's feedback: a key frame on PLI or FIR, RTX
 * retransmissions on NACK. Every packet ends with a {@link SendStamp}. Loop thread only; nothing is allocated
 * per packet.
 */
public final class Publisher implements ClientTransport.Media {
    /** Largest video RTP payload (VP8 descriptor and send stamp included): packets of about 1.2 kB. */
    public static final int MAX_VIDEO_PAYLOAD = 1200;
    static final long RTCP_INTERVAL_MS = 1000;

    private final EventLoop loop;
    private final MediaSender transport;
    private final LoopStats stats;
    private final OutboundStream audio;
    private final int audioPayloadBytes;
    private final TalkPattern talk;
    private final int index;
    private final int count;
    private final OutboundStream[] video;
    private final VideoFrameModel[] models;
    private final boolean[] keyFrameRequested;
    private final long[] lastKeyFrameMs;
    private final int[] pictureIds;
    private final int[] tl0PicIdx;
    private final byte[] cname;
    private final RtpHeaderExtensionWriter ext = new RtpHeaderExtensionWriter();
    private final RtcpIterator rtcp = new RtcpIterator();
    private final IntConsumer resend = this::resend;
    private final TimerWheel.Timer audioTimer = TimerWheel.of(this::audioTick);
    private final TimerWheel.Timer videoTimer = TimerWheel.of(this::videoTick);
    private final TimerWheel.Timer rtcpTimer = TimerWheel.of(this::rtcpTick);
    private OutboundStream nacked;
    private int transportSeq = ThreadLocalRandom.current().nextInt(1 << 16);
    private long audioStartMs;
    private long audioFrames;
    private long videoStartMs;
    private long videoFrames;
    private boolean running;

    /**
     * @param audio  the audio stream, or null
     * @param video  the video streams (lowest simulcast encoding first), possibly empty
     * @param models one frame model per video stream
     * @param index  this participant's position among {@code count} (for the talk pattern)
     */
    public Publisher(EventLoop loop, MediaSender transport, LoopStats stats, OutboundStream audio,
                     int audioPayloadBytes, TalkPattern talk, int index, int count, OutboundStream[] video,
                     VideoFrameModel[] models, String cname) {
        if (video.length != models.length) {
            throw new IllegalArgumentException("one frame model per video stream");
        }
        this.loop = loop;
        this.transport = transport;
        this.stats = stats;
        this.audio = audio;
        this.audioPayloadBytes = Math.max(audioPayloadBytes, SendStamp.LENGTH + 3);
        this.talk = talk;
        this.index = index;
        this.count = count;
        this.video = video.clone();
        this.models = models.clone();
        this.keyFrameRequested = new boolean[video.length];
        this.lastKeyFrameMs = new long[video.length];
        java.util.Arrays.fill(lastKeyFrameMs, -1);
        this.pictureIds = new int[video.length];
        this.tl0PicIdx = new int[video.length];
        for (int i = 0; i < video.length; i++) {
            pictureIds[i] = ThreadLocalRandom.current().nextInt(1 << 15);
        }
        this.cname = cname.getBytes(StandardCharsets.UTF_8);
    }

    /** Starts sending at a random phase within the first frame, so participants do not send in lockstep. */
    public void start() {
        if (running) {
            return;
        }
        running = true;
        long now = loop.nowMs();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (audio != null) {
            audioStartMs = now + r.nextInt(OpusPayload.FRAME_MS);
            loop.timers().schedule(audioTimer, audioStartMs);
        }
        if (video.length > 0) {
            videoStartMs = now + r.nextInt(1000 / models[0].fps());
            loop.timers().schedule(videoTimer, videoStartMs);
        }
        loop.timers().schedule(rtcpTimer, now + RTCP_INTERVAL_MS / 2);
    }

    /** Stops every timer; idempotent. */
    public void stop() {
        running = false;
        loop.timers().cancel(audioTimer);
        loop.timers().cancel(videoTimer);
        loop.timers().cancel(rtcpTimer);
    }

    private void audioTick(long nowMs) {
        long at = audioStartMs + audioFrames * OpusPayload.FRAME_MS;
        audioFrames++;
        sendAudio(at);
        loop.timers().schedule(audioTimer, audioStartMs + audioFrames * OpusPayload.FRAME_MS);
    }

    private void sendAudio(long captureMs) {
        byte[] b = loop.txBuffer();
        long micros = SendStamp.nowMicros();
        int level = talk.audioLevel(index, count, captureMs);
        int h = audio.writeMediaHeader(b, ext, false, audio.rtpTimestamp(captureMs), level, micros, nextSeq());
        OpusPayload.writeToc(b, h);
        SendStamp.write(b, h + audioPayloadBytes - SendStamp.LENGTH, micros);
        audio.countSent(audioPayloadBytes);
        send(h + audioPayloadBytes);
    }

    private void videoTick(long nowMs) {
        long at = videoStartMs + models[0].frameTimeMs(videoFrames);
        videoFrames++;
        for (int i = 0; i < video.length; i++) {
            sendFrame(i, at);
        }
        loop.timers().schedule(videoTimer, videoStartMs + models[0].frameTimeMs(videoFrames));
    }

    private void sendFrame(int layer, long captureMs) {
        OutboundStream s = video[layer];
        VideoFrameModel model = models[layer];
        boolean key = model.keyFrameDue(captureMs, lastKeyFrameMs[layer], keyFrameRequested[layer]);
        if (key) {
            keyFrameRequested[layer] = false;
            lastKeyFrameMs[layer] = captureMs;
            stats.keyFramesSent++;
        }
        int pictureId = pictureIds[layer] = (pictureIds[layer] + 1) & 0x7FFF;
        int tl0 = tl0PicIdx[layer] = (tl0PicIdx[layer] + 1) & 0xFF;
        long ts = s.rtpTimestamp(captureMs);
        int frameBytes = model.frameBytes(key);
        int packets = model.packetCount(frameBytes);
        int width = 1280 >> (video.length - 1 - layer);
        byte[] b = loop.txBuffer();
        for (int i = 0; i < packets; i++) {
            long micros = SendStamp.nowMicros();
            int h = s.writeMediaHeader(b, ext, i == packets - 1, ts, -1, micros, nextSeq());
            int p = h + Vp8Payload.writeDescriptor(b, h, i == 0, pictureId, tl0);
            int data = VideoFrameModel.packetData(frameBytes, packets, i);
            if (i == 0) {
                data = Math.max(data, Vp8Payload.writeFrameHeader(b, p, key, width, width * 9 / 16));
            }
            int end = p + data + SendStamp.LENGTH;
            SendStamp.write(b, end - SendStamp.LENGTH, micros);
            s.countSent(end - h);
            if (s.history() != null) {
                s.history().store(Bytes.get16(b, 2), b, end, h);
            }
            send(end);
        }
    }

    private void send(int len) {
        if (transport.sendRtp(len)) {
            stats.rtpSent++;
            stats.rtpBytesSent += len;
        } else {
            stats.sendFailures++;
        }
    }

    private int nextSeq() {
        int s = transportSeq;
        transportSeq = (transportSeq + 1) & 0xFFFF;
        return s;
    }

    private void rtcpTick(long nowMs) {
        byte[] b = loop.txBuffer();
        int p = 0;
        long ntp = NtpTime.toNtp64(System.currentTimeMillis());
        long firstSsrc = -1;
        for (int i = -1; i < video.length; i++) {
            OutboundStream s = i < 0 ? audio : video[i];
            if (s == null || !s.started()) {
                continue;
            }
            p += RtcpWriter.senderReport(b, p, b.length - p, s.ssrc(), ntp, s.rtpTimestamp(nowMs), s.packets(),
                    s.octets());
            firstSsrc = firstSsrc < 0 ? s.ssrc() : firstSsrc;
        }
        if (firstSsrc >= 0) {
            p += RtcpWriter.sdesCname(b, p, b.length - p, firstSsrc, cname);
            if (transport.sendRtcp(p)) {
                stats.rtcpSent++;
            }
        }
        long jitter = ThreadLocalRandom.current().nextLong(RTCP_INTERVAL_MS / 2);
        loop.timers().schedule(rtcpTimer, nowMs + RTCP_INTERVAL_MS * 3 / 4 + jitter);
    }

    @Override
    public void onRtp(byte[] buf, int len, long nowNanos) {
        stats.unknownSsrc++;
    }

    @Override
    public void onRtcp(byte[] buf, int len, long nowNanos) {
        stats.rtcpReceived++;
        rtcp.wrap(buf, 0, len);
        while (rtcp.next()) {
            int off = rtcp.packetOffset();
            int plen = rtcp.packetLength();
            int type = rtcp.packetType();
            int fmt = rtcp.countOrFmt();
            if (type == RtcpType.RR || type == RtcpType.SR) {
                stats.receiverReportsReceived++;
            } else if (type == RtcpType.RTPFB && fmt == RtcpType.NACK) {
                nacked = byMediaSsrc(Feedback.mediaSsrc(buf, off));
                if (nacked != null && nacked.history() != null) {
                    stats.nacksReceived += Math.max(0, Nacks.forEachLost(buf, off, plen, resend));
                }
            } else if (type == RtcpType.RTPFB && fmt == RtcpType.TCC) {
                stats.transportCcReceived++;
            } else if (type == RtcpType.PSFB && fmt == RtcpType.PLI) {
                stats.plisReceived++;
                requestKeyFrame(Feedback.mediaSsrc(buf, off));
            } else if (type == RtcpType.PSFB && fmt == RtcpType.FIR) {
                stats.firsReceived++;
                for (int i = 0, n = Firs.count(buf, off, plen); i < n; i++) {
                    requestKeyFrame(Firs.ssrc(buf, off, i));
                }
            } else if (type == RtcpType.PSFB && fmt == RtcpType.AFB) {
                stats.rembsReceived++;
            }
        }
    }

    private void requestKeyFrame(long ssrc) {
        for (int i = 0; i < video.length; i++) {
            if (video[i].ssrc() == ssrc) {
                keyFrameRequested[i] = true;
            }
        }
    }

    private OutboundStream byMediaSsrc(long ssrc) {
        for (OutboundStream s : video) {
            if (s.ssrc() == ssrc) {
                return s;
            }
        }
        return audio != null && audio.ssrc() == ssrc ? audio : null;
    }

    /** Re-sends a packet of {@link #nacked} as RTX (RFC 4588): own SSRC and sequence, the original number first. */
    private void resend(int seq) {
        RtxHistory history = nacked.history();
        int slot = history.find(seq);
        if (slot < 0 || nacked.rtxSsrc() == 0) {
            stats.nackMisses++;
            return;
        }
        byte[] src = history.packet(slot);
        int srcLen = history.length(slot);
        int payloadOff = history.payloadOffset(slot);
        boolean marker = (src[1] & 0x80) != 0;
        long ts = Bytes.get32(src, 4) & 0xFFFF_FFFFL;
        byte[] b = loop.txBuffer();
        int h = nacked.writeRtxHeader(b, ext, marker, ts, SendStamp.nowMicros(), nextSeq());
        Bytes.put16(b, h, seq);
        System.arraycopy(src, payloadOff, b, h + 2, srcLen - payloadOff);
        if (transport.sendRtp(h + 2 + srcLen - payloadOff)) {
            stats.rtxSent++;
        } else {
            stats.sendFailures++;
        }
    }
}
