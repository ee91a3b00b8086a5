package dev.chorus.media.engine;

import dev.chorus.media.srtp.SrtpSession;

/**
 * A transport's SRTP and SRTCP datagrams once demultiplexed (RFC 7983): authenticated and decrypted in place,
 * counted, and handed on, RTCP to the transport's {@link RtcpHandler} and RTP to its {@link RtpView}. A datagram
 * that fails authentication is counted and dropped. Worker thread; allocation-free.
 */
final class SrtpIngress {
    private final WebRtcTransport transport;
    private final MediaCounters counters;
    private final RtpView rtpView = new RtpView();
    private final RtcpHandler rtcpHandler;

    SrtpIngress(WebRtcTransport transport, MediaCounters counters) {
        this.transport = transport;
        this.counters = counters;
        this.rtcpHandler = new RtcpHandler(transport, counters);
    }

    /**
     * One datagram whose first byte is 128..191. Returns true when the buffer was handed to {@link RtpView},
     * which then releases it; otherwise the caller releases it.
     */
    boolean receive(SrtpSession srtp, byte[] buf, int off, int len, long nowMs, long arrivalNanos) {
        if (srtp == null) {
            counters.dropNotConnected.increment();
            return false;
        }
        if (len >= 2 && (buf[off + 1] & 0xFF) >= 192 && (buf[off + 1] & 0xFF) <= 223) {
            int n = srtp.unprotectRtcp(buf, off, len);
            if (n < 0) {
                counters.dropSrtpAuth.increment();
            } else {
                counters.rtcpIn.increment();
                counters.rtcpBytesIn.add(len);
                rtcpHandler.handle(buf, off, n, nowMs);
            }
            return false;
        }
        int n = srtp.unprotectRtp(buf, off, len);
        if (n < 0) {
            counters.dropSrtpAuth.increment();
            return false;
        }
        counters.rtpIn.increment();
        counters.rtpBytesIn.add(len);
        rtpView.ingress(transport, buf, off, n, nowMs, arrivalNanos);
        return true;
    }
}
