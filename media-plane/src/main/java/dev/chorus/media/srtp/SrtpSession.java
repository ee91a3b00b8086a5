package dev.chorus.media.srtp;

import java.security.GeneralSecurityException;
import org.agrona.collections.Int2ObjectHashMap;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRTP and SRTCP for one transport (RFC 3711, RFC 7714), on top of jitsi-srtp. Packets are transformed in place in
 * the caller's {@code (buf, off, len)}; one crypto context per SSRC and direction is derived lazily and kept in a
 * primitive-keyed map. A context created for a packet that then fails is discarded, so unauthenticated traffic
 * leaves no state behind.
 *
 * <p>The constructor derives throwaway contexts so that ciphers are set up before the first packet; the first
 * session per cipher in a JVM takes seconds (jitsi-srtp benchmarks its AES backends once), so construct sessions
 * off the media thread, ideally once at start-up.
 *
 * <p>Not thread-safe: one media thread owns a session. The per-packet methods do not allocate on our side and never
 * throw; failures return -1 and are counted. The counters are plain fields: read them from the owning thread, or
 * accept slightly stale values.
 */
public final class SrtpSession {
    private static final Logger LOG = LoggerFactory.getLogger(SrtpSession.class);

    /** At most this many SSRCs per direction and per protocol; more are dropped (counted as malformed). */
    static final int MAX_CONTEXTS = 1024;

    private static final int RTP_FIXED_HEADER = 12;
    private static final int RTCP_FIXED_HEADER = 8;
    private static final int SRTCP_INDEX_LENGTH = 4;

    private final SrtpProfile profile;
    private final SrtpContextFactory sendFactory;
    private final SrtpContextFactory receiveFactory;
    private final Int2ObjectHashMap<SrtpCryptoContext> rtpSend = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<SrtpCryptoContext> rtpReceive = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<SrtcpCryptoContext> rtcpSend = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<SrtcpCryptoContext> rtcpReceive = new Int2ObjectHashMap<>();
    private final PacketView view = new PacketView();

    private long authFailures;
    private long replayDrops;
    private long malformed;
    private boolean closed;

    /** Creates a session whose sending side uses the local keys and whose receiving side uses the remote keys. */
    public SrtpSession(SrtpKeys keys) {
        this.profile = keys.profile();
        SrtpPolicy policy = policyFor(profile);
        Slf4jJitsiLogger logger = new Slf4jJitsiLogger(SrtpSession.class.getName());
        this.sendFactory = new SrtpContextFactory(true, keys.localKey(), keys.localSalt(), policy, policy, logger);
        this.receiveFactory =
                new SrtpContextFactory(false, keys.remoteKey(), keys.remoteSalt(), policy, policy, logger);
        warmUp();
    }

    /**
     * Derives throwaway contexts so that jitsi-srtp picks its AES backend now: the first time in a JVM it
     * benchmarks OpenSSL, SunJCE and BouncyCastle for seconds, which must not happen on the first media packet.
     * Construct sessions off the media thread.
     */
    private void warmUp() {
        try {
            sendFactory.deriveContext(0, 0);
            sendFactory.deriveControlContext(0);
            receiveFactory.deriveContext(0, 0);
            receiveFactory.deriveControlContext(0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTP ciphers for " + profile + " are unavailable", e);
        }
    }

    static SrtpPolicy policyFor(SrtpProfile profile) {
        SrtpPolicy policy;
        switch (profile) {
            case AES128_CM_HMAC_SHA1_80:
                // HMAC-SHA1 authentication key is 160 bits (RFC 3711 §8.2)
                policy = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, profile.keyLength(),
                        SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, profile.rtpAuthTagLength(), profile.saltLength());
                break;
            case AEAD_AES_128_GCM:
                policy = new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, profile.keyLength(),
                        SrtpPolicy.NULL_AUTHENTICATION, 0, profile.rtpAuthTagLength(), profile.saltLength());
                break;
            default:
                throw new IllegalArgumentException("unsupported profile " + profile);
        }
        // An SFU re-sends packets with sequence numbers it already sent (retransmissions); the sender-side replay
        // check is only a self-consistency check and would drop them.
        policy.setSendReplayEnabled(false);
        return policy;
    }

    /** The negotiated profile. */
    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Authenticates and decrypts one SRTP packet in place.
     *
     * @return the length of the plain RTP packet at {@code off}, or -1 if the packet is malformed, fails
     *     authentication or is a replay (each counted)
     */
    public int unprotectRtp(byte[] buf, int off, int len) {
        if (closed) {
            return -1;
        }
        if (!isRtp(buf, off, len, profile.rtpAuthTagLength())) {
            malformed++;
            return -1;
        }
        int ssrc = readInt(buf, off + 8);
        SrtpCryptoContext ctx = rtpReceive.get(ssrc);
        boolean fresh = false;
        SrtpErrorStatus status;
        try {
            if (ctx == null) {
                if (rtpReceive.size() >= MAX_CONTEXTS) {
                    malformed++;
                    return -1;
                }
                ctx = receiveFactory.deriveContext(ssrc, 0);
                fresh = true;
            }
            status = ctx.reverseTransformPacket(view.wrap(buf, off, len), false);
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("SRTP unprotect failed", e);
            status = SrtpErrorStatus.FAIL;
        }
        int result = finish(status);
        if (result >= 0 && fresh) {
            rtpReceive.put(ssrc, ctx);
        }
        return result;
    }

    /**
     * Authenticates and decrypts one SRTCP packet in place.
     *
     * @return the length of the plain RTCP packet at {@code off}, or -1 if the packet is malformed, fails
     *     authentication or is a replay (each counted)
     */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        if (closed) {
            return -1;
        }
        if (!isRtcp(buf, off, len, SRTCP_INDEX_LENGTH + profile.rtcpAuthTagLength())) {
            malformed++;
            return -1;
        }
        int ssrc = readInt(buf, off + 4);
        SrtcpCryptoContext ctx = rtcpReceive.get(ssrc);
        boolean fresh = false;
        SrtpErrorStatus status;
        try {
            if (ctx == null) {
                if (rtcpReceive.size() >= MAX_CONTEXTS) {
                    malformed++;
                    return -1;
                }
                ctx = receiveFactory.deriveControlContext(ssrc);
                fresh = true;
            }
            status = ctx.reverseTransformPacket(view.wrap(buf, off, len));
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("SRTCP unprotect failed", e);
            status = SrtpErrorStatus.FAIL;
        }
        int result = finish(status);
        if (result >= 0 && fresh) {
            rtcpReceive.put(ssrc, ctx);
        }
        return result;
    }

    /**
     * Encrypts and authenticates one RTP packet in place. The caller guarantees at least 32 spare bytes after
     * {@code off + len} for the tag.
     *
     * @return the length of the SRTP packet at {@code off}, or -1 (counted as malformed) if the packet is not RTP
     *     or there is no room for the tag
     */
    public int protectRtp(byte[] buf, int off, int len) {
        if (closed) {
            return -1;
        }
        if (!isRtp(buf, off, len, 0) || buf.length - (off + len) < profile.rtpAuthTagLength()) {
            malformed++;
            return -1;
        }
        int ssrc = readInt(buf, off + 8);
        SrtpErrorStatus status;
        try {
            SrtpCryptoContext ctx = rtpSend.get(ssrc);
            if (ctx == null) {
                if (rtpSend.size() >= MAX_CONTEXTS) {
                    malformed++;
                    return -1;
                }
                ctx = sendFactory.deriveContext(ssrc, 0);
                rtpSend.put(ssrc, ctx);
            }
            status = ctx.transformPacket(view.wrap(buf, off, len));
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("SRTP protect failed", e);
            status = SrtpErrorStatus.FAIL;
        }
        return finish(status);
    }

    /**
     * Encrypts and authenticates one RTCP packet (or compound packet) in place, appending the SRTCP index and
     * tag. The caller guarantees at least 32 spare bytes after {@code off + len}.
     *
     * @return the length of the SRTCP packet at {@code off}, or -1 (counted as malformed) if the packet is not RTCP
     *     or there is no room for the trailer
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        if (closed) {
            return -1;
        }
        if (!isRtcp(buf, off, len, 0)
                || buf.length - (off + len) < SRTCP_INDEX_LENGTH + profile.rtcpAuthTagLength()) {
            malformed++;
            return -1;
        }
        int ssrc = readInt(buf, off + 4);
        SrtpErrorStatus status;
        try {
            SrtcpCryptoContext ctx = rtcpSend.get(ssrc);
            if (ctx == null) {
                if (rtcpSend.size() >= MAX_CONTEXTS) {
                    malformed++;
                    return -1;
                }
                ctx = sendFactory.deriveControlContext(ssrc);
                rtcpSend.put(ssrc, ctx);
            }
            status = ctx.transformPacket(view.wrap(buf, off, len));
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("SRTCP protect failed", e);
            status = SrtpErrorStatus.FAIL;
        }
        return finish(status);
    }

    /** Maps a jitsi-srtp status to our return value and counters, and releases the caller's array. */
    private int finish(SrtpErrorStatus status) {
        int result;
        if (status == SrtpErrorStatus.OK && !view.overflowed()) {
            result = view.getLength();
        } else {
            result = -1;
            if (status == SrtpErrorStatus.AUTH_FAIL) {
                authFailures++;
            } else if (status == SrtpErrorStatus.REPLAY_FAIL || status == SrtpErrorStatus.REPLAY_OLD) {
                replayDrops++;
            } else {
                malformed++;
            }
        }
        view.clear();
        return result;
    }

    /** Packets dropped because their authentication tag did not verify. */
    /** Forgets the outgoing contexts of {@code ssrc} (a consumer closed), so churn never reaches {@link #MAX_CONTEXTS}. */
    public void removeSendSsrc(long ssrc) {
        rtpSend.remove((int) ssrc);
        rtcpSend.remove((int) ssrc);
    }

    /** Forgets the incoming contexts of {@code ssrc} (a producer closed). */
    public void removeReceiveSsrc(long ssrc) {
        rtpReceive.remove((int) ssrc);
        rtcpReceive.remove((int) ssrc);
    }

    /** Number of SSRC contexts currently held, all directions together (for tests and stats). */
    public int contextCount() {
        return rtpSend.size() + rtpReceive.size() + rtcpSend.size() + rtcpReceive.size();
    }

    public long authFailures() {
        return authFailures;
    }

    /** Packets dropped as replays (already received, or older than the replay window). */
    public long replayDrops() {
        return replayDrops;
    }

    /** Packets dropped because they were not valid RTP/RTCP, had no room for the tag, or the library failed. */
    public long malformed() {
        return malformed;
    }

    /** Forgets all contexts and wipes the master keys; later calls return -1. Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sendFactory.close();
        receiveFactory.close();
        rtpSend.clear();
        rtpReceive.clear();
        rtcpSend.clear();
        rtcpReceive.clear();
    }

    /** RTP version 2 with a complete header (CSRCs and extension) plus {@code trailer} bytes. */
    static boolean isRtp(byte[] buf, int off, int len, int trailer) {
        if (!inBounds(buf, off, len) || len < RTP_FIXED_HEADER + trailer) {
            return false;
        }
        int b0 = buf[off] & 0xFF;
        if ((b0 >> 6) != 2) {
            return false;
        }
        int header = RTP_FIXED_HEADER + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0) {
            if (len < header + 4 + trailer) {
                return false;
            }
            int extWords = ((buf[off + header + 2] & 0xFF) << 8) | (buf[off + header + 3] & 0xFF);
            header += 4 + 4 * extWords;
        }
        return header + trailer <= len;
    }

    /** RTCP version 2 with at least the header and sender SSRC plus {@code trailer} bytes. */
    static boolean isRtcp(byte[] buf, int off, int len, int trailer) {
        if (!inBounds(buf, off, len) || len < RTCP_FIXED_HEADER + trailer) {
            return false;
        }
        return ((buf[off] & 0xFF) >> 6) == 2;
    }

    private static boolean inBounds(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= 0 && off + len <= buf.length && off + len >= 0;
    }

    private static int readInt(byte[] buf, int i) {
        return ((buf[i] & 0xFF) << 24) | ((buf[i + 1] & 0xFF) << 16) | ((buf[i + 2] & 0xFF) << 8)
                | (buf[i + 3] & 0xFF);
    }
}
