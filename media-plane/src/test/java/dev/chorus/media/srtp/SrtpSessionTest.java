package dev.chorus.media.srtp;

import static dev.chorus.media.srtp.TestPackets.copy;
import static dev.chorus.media.srtp.TestPackets.rtcp;
import static dev.chorus.media.srtp.TestPackets.rtcpLength;
import static dev.chorus.media.srtp.TestPackets.rtp;
import static dev.chorus.media.srtp.TestPackets.rtpLength;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** SRTP/SRTCP round trips, tampering, replay, SSRC separation and rollover for both profiles. */
class SrtpSessionTest {
    private static final int SSRC = 0x11223344;

    private static SrtpSession[] pair(SrtpProfile profile) {
        SrtpKeys sender = TestPackets.keys(profile, 1);
        return new SrtpSession[] {new SrtpSession(sender), new SrtpSession(TestPackets.swap(sender))};
    }

    static Stream<Arguments> rtpShapes() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (SrtpProfile p : SrtpProfile.values()) {
            // profile, offset, payload, csrc count, extension words
            b.add(Arguments.of(p, 0, 160, 0, 0));
            b.add(Arguments.of(p, 7, 1, 0, 0));
            b.add(Arguments.of(p, 0, 0, 0, 0));
            b.add(Arguments.of(p, 3, 100, 2, 0));
            b.add(Arguments.of(p, 0, 1100, 0, 2));
            b.add(Arguments.of(p, 20, 33, 15, 5));
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("rtpShapes")
    void rtpRoundTripRestoresThePlainPacket(SrtpProfile profile, int off, int payload, int csrcs, int ext) {
        SrtpSession[] s = pair(profile);
        byte[] buf = rtp(off, SSRC, 1000, 123456, payload, csrcs, ext);
        int len = rtpLength(buf, off);
        byte[] plain = copy(buf);
        int header = len - payload;

        int protectedLen = s[0].protectRtp(buf, off, len);

        assertEquals(len + profile.rtpAuthTagLength(), protectedLen);
        assertArrayEquals(Arrays.copyOfRange(plain, off, off + header), Arrays.copyOfRange(buf, off, off + header),
                "the header stays in the clear");
        if (payload > 0) {
            assertFalse(Arrays.equals(Arrays.copyOfRange(plain, off + header, off + len),
                    Arrays.copyOfRange(buf, off + header, off + len)), "the payload is encrypted");
        }
        assertEquals(len, s[1].unprotectRtp(buf, off, protectedLen));
        assertArrayEquals(Arrays.copyOfRange(plain, off, off + len), Arrays.copyOfRange(buf, off, off + len));
        assertEquals(0, s[1].authFailures() + s[1].replayDrops() + s[1].malformed());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripRestoresThePlainCompoundPacket(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        for (int i = 0; i < 3; i++) {
            byte[] buf = rtcp(5, SSRC, i);
            int len = rtcpLength(buf, 5);
            byte[] plain = copy(buf);

            int protectedLen = s[0].protectRtcp(buf, 5, len);

            assertEquals(len + 4 + profile.rtcpAuthTagLength(), protectedLen);
            assertArrayEquals(Arrays.copyOfRange(plain, 5, 13), Arrays.copyOfRange(buf, 5, 13),
                    "the first 8 bytes stay in the clear");
            assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 13, 5 + len), Arrays.copyOfRange(buf, 13, 5 + len)));
            int indexAt = 5 + (profile == SrtpProfile.AEAD_AES_128_GCM ? len + profile.rtcpAuthTagLength() : len);
            assertEquals(0x80, buf[indexAt] & 0x80, "E flag set");
            assertEquals(i, buf[indexAt + 3], "SRTCP index counts packets");

            assertEquals(len, s[1].unprotectRtcp(buf, 5, protectedLen));
            assertArrayEquals(Arrays.copyOfRange(plain, 5, 5 + len), Arrays.copyOfRange(buf, 5, 5 + len));
        }
    }

    static Stream<Arguments> tamperedRtp() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (SrtpProfile p : SrtpProfile.values()) {
            b.add(Arguments.of(p, "payload", 12 + 10));
            b.add(Arguments.of(p, "last tag byte", 12 + 50 + p.rtpAuthTagLength() - 1));
            b.add(Arguments.of(p, "first tag byte", 12 + 50));
            b.add(Arguments.of(p, "timestamp", 5));
            b.add(Arguments.of(p, "marker/payload type", 1));
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("tamperedRtp")
    void flippedRtpByteFailsAuthenticationAndLeavesNoTrace(SrtpProfile profile, String where, int index) {
        SrtpSession[] s = pair(profile);
        byte[] buf = rtp(0, SSRC, 7, 1, 50, 0, 0);
        int len = s[0].protectRtp(buf, 0, rtpLength(buf, 0));
        byte[] good = copy(buf);
        buf[index] ^= 0x01;

        assertEquals(-1, s[1].unprotectRtp(buf, 0, len), where);
        assertEquals(1, s[1].authFailures());
        assertEquals(0, s[1].replayDrops());
        assertEquals(62, s[1].unprotectRtp(good, 0, len), "the genuine packet still passes afterwards");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void flippedRtcpByteFailsAuthentication(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        for (int index : new int[] {20, 5 + 44 - 1, 44 + 4 + profile.rtcpAuthTagLength() - 1}) {
            byte[] buf = rtcp(0, SSRC, 1);
            int len = s[0].protectRtcp(buf, 0, rtcpLength(buf, 0));
            buf[index] ^= 0x40;
            assertEquals(-1, s[1].unprotectRtcp(buf, 0, len), "byte " + index);
        }
        assertEquals(3, s[1].authFailures());
        assertEquals(0, s[1].replayDrops());
        assertEquals(0, s[1].malformed());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void replayedPacketsAreDropped(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        byte[] first = rtp(0, SSRC, 100, 1, 20, 0, 0);
        int len = s[0].protectRtp(first, 0, rtpLength(first, 0));
        byte[] replay = copy(first);
        byte[] second = rtp(0, SSRC, 101, 2, 20, 0, 0);
        int len2 = s[0].protectRtp(second, 0, rtpLength(second, 0));

        assertEquals(32, s[1].unprotectRtp(first, 0, len));
        assertEquals(32, s[1].unprotectRtp(second, 0, len2));
        assertEquals(-1, s[1].unprotectRtp(replay, 0, len));
        assertEquals(1, s[1].replayDrops());
        assertEquals(0, s[1].authFailures());

        byte[] rtcpPacket = rtcp(0, SSRC, 9);
        int rtcpLen = s[0].protectRtcp(rtcpPacket, 0, rtcpLength(rtcpPacket, 0));
        byte[] rtcpReplay = copy(rtcpPacket);
        assertEquals(44, s[1].unprotectRtcp(rtcpPacket, 0, rtcpLen));
        assertEquals(-1, s[1].unprotectRtcp(rtcpReplay, 0, rtcpLen));
        assertEquals(2, s[1].replayDrops());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void outOfOrderPacketsInsideTheWindowAreAccepted(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        byte[][] packets = new byte[5][];
        int[] lens = new int[5];
        for (int i = 0; i < 5; i++) {
            packets[i] = rtp(0, SSRC, 500 + i, i, 10, 0, 0);
            lens[i] = s[0].protectRtp(packets[i], 0, rtpLength(packets[i], 0));
        }
        for (int i : new int[] {0, 3, 1, 4, 2}) {
            assertEquals(22, s[1].unprotectRtp(packets[i], 0, lens[i]), "seq " + (500 + i));
            assertEquals(500 + i, ((packets[i][2] & 0xFF) << 8) | (packets[i][3] & 0xFF));
        }
        assertEquals(0, s[1].replayDrops());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void ssrcsHaveIndependentContexts(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        int[] ssrcs = {1, 0xFFFFFFFF, 0x80000000};
        byte[][] sent = new byte[9][];
        int[] lens = new int[9];
        byte[][] plain = new byte[9][];
        for (int i = 0; i < 9; i++) {
            // every SSRC uses the same sequence numbers: contexts must not share replay state
            sent[i] = rtp(0, ssrcs[i % 3], 40 + i / 3, i, 30, 0, 0);
            plain[i] = copy(sent[i]);
            lens[i] = s[0].protectRtp(sent[i], 0, rtpLength(sent[i], 0));
        }
        for (int i = 8; i >= 0; i -= 1) {
            byte[] replayCopy = copy(sent[i]);
            assertEquals(42, s[1].unprotectRtp(sent[i], 0, lens[i]));
            assertArrayEquals(Arrays.copyOf(plain[i], 42), Arrays.copyOf(sent[i], 42));
            if (i == 4) {
                assertEquals(-1, s[1].unprotectRtp(replayCopy, 0, lens[i]));
            }
        }
        assertEquals(1, s[1].replayDrops());
        assertEquals(0, s[1].authFailures());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void sequenceNumberRolloverKeepsBothSidesInStep(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        // two wraps; forward steps stay below 2^15 as RFC 3711 index estimation requires
        int[] seqs = {65530, 65531, 65533, 65534, 65535, 0, 1, 2, 4, 3, 20_000, 40_000, 60_000, 65_535, 7, 8};
        for (int seq : seqs) {
            byte[] buf = rtp(0, SSRC, seq, seq * 960L, 40, 0, 0);
            byte[] plain = copy(buf);
            int len = s[0].protectRtp(buf, 0, rtpLength(buf, 0));
            assertEquals(52, s[1].unprotectRtp(buf, 0, len), "seq " + seq);
            assertArrayEquals(Arrays.copyOf(plain, 52), Arrays.copyOf(buf, 52), "seq " + seq);
        }
        assertEquals(0, s[1].authFailures() + s[1].replayDrops() + s[1].malformed());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void wrongKeysFailAuthentication(SrtpProfile profile) {
        SrtpSession sender = new SrtpSession(TestPackets.keys(profile, 1));
        SrtpSession stranger = new SrtpSession(TestPackets.swap(TestPackets.keys(profile, 2)));
        byte[] buf = rtp(0, SSRC, 1, 1, 20, 0, 0);
        int len = sender.protectRtp(buf, 0, rtpLength(buf, 0));
        assertEquals(-1, stranger.unprotectRtp(buf, 0, len));
        byte[] control = rtcp(0, SSRC, 1);
        int clen = sender.protectRtcp(control, 0, rtcpLength(control, 0));
        assertEquals(-1, stranger.unprotectRtcp(control, 0, clen));
        assertEquals(2, stranger.authFailures());
    }

    static Stream<Arguments> malformedRtp() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (SrtpProfile p : SrtpProfile.values()) {
            byte[] ok = rtp(0, SSRC, 1, 1, 20, 0, 0);
            byte[] v1 = copy(ok);
            v1[0] = 0x40;
            byte[] manyCsrc = rtp(0, SSRC, 1, 1, 4, 0, 0);
            manyCsrc[0] = (byte) 0x8F; // 15 CSRCs claimed, 16 bytes present
            byte[] longExt = rtp(0, SSRC, 1, 1, 4, 0, 1);
            longExt[14] = 0x7F; // extension length far beyond the packet
            b.add(Arguments.of(p, null, 0, 12));
            b.add(Arguments.of(p, ok, 0, 11));
            b.add(Arguments.of(p, ok, -1, 20));
            b.add(Arguments.of(p, ok, 10, ok.length));
            b.add(Arguments.of(p, ok, 0, -5));
            b.add(Arguments.of(p, ok, Integer.MAX_VALUE, 10));
            b.add(Arguments.of(p, v1, 0, 32 + p.rtpAuthTagLength()));
            b.add(Arguments.of(p, manyCsrc, 0, 16 + p.rtpAuthTagLength()));
            b.add(Arguments.of(p, longExt, 0, 24 + p.rtpAuthTagLength()));
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("malformedRtp")
    void malformedPacketsAreCountedNotThrown(SrtpProfile profile, byte[] buf, int off, int len) {
        SrtpSession session = pair(profile)[1];
        assertEquals(-1, session.unprotectRtp(buf, off, len));
        assertEquals(-1, session.protectRtp(buf, off, len));
        assertEquals(-1, session.unprotectRtcp(buf, off, Math.min(len, 11)));
        assertEquals(3, session.malformed());
        assertEquals(0, session.authFailures() + session.replayDrops());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtpPacketShorterThanHeaderPlusTagIsMalformed(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        byte[] buf = rtp(0, SSRC, 1, 1, 0, 0, 0);
        int len = s[0].protectRtp(buf, 0, 12);
        assertEquals(12 + profile.rtpAuthTagLength(), len);
        assertEquals(-1, s[1].unprotectRtp(copy(buf), 0, len - 1));
        assertEquals(1, s[1].malformed());
        assertEquals(12, s[1].unprotectRtp(buf, 0, len), "the complete packet is fine");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectWithoutTailRoomFails(SrtpProfile profile) {
        SrtpSession session = pair(profile)[0];
        byte[] buf = rtp(0, SSRC, 1, 1, 20, 0, 0);
        int len = rtpLength(buf, 0);
        byte[] tight = Arrays.copyOf(buf, len + profile.rtpAuthTagLength() - 1);
        assertEquals(-1, session.protectRtp(tight, 0, len));
        byte[] control = rtcp(0, SSRC, 1);
        int clen = rtcpLength(control, 0);
        byte[] tightControl = Arrays.copyOf(control, clen + 4 + profile.rtcpAuthTagLength() - 1);
        assertEquals(-1, session.protectRtcp(tightControl, 0, clen));
        assertEquals(2, session.malformed());
        byte[] exact = Arrays.copyOf(buf, len + profile.rtpAuthTagLength());
        assertEquals(len + profile.rtpAuthTagLength(), session.protectRtp(exact, 0, len), "exact room is enough");
    }

    @Test
    void tooManySsrcsAreRefused() {
        SrtpSession session = pair(SrtpProfile.AES128_CM_HMAC_SHA1_80)[0];
        for (int i = 0; i < SrtpSession.MAX_CONTEXTS; i++) {
            byte[] buf = rtp(0, i, 1, 1, 4, 0, 0);
            assertEquals(16 + 10, session.protectRtp(buf, 0, 16));
        }
        byte[] buf = rtp(0, SrtpSession.MAX_CONTEXTS, 1, 1, 4, 0, 0);
        assertEquals(-1, session.protectRtp(buf, 0, 16));
        byte[] known = rtp(0, 5, 2, 1, 4, 0, 0);
        assertEquals(26, session.protectRtp(known, 0, 16), "known SSRCs keep working");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void closedSessionRefusesEverything(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        byte[] buf = rtp(0, SSRC, 1, 1, 20, 0, 0);
        int len = s[0].protectRtp(buf, 0, rtpLength(buf, 0));
        s[1].close();
        s[1].close();
        assertEquals(-1, s[1].unprotectRtp(buf, 0, len));
        assertEquals(-1, s[1].protectRtp(rtp(0, SSRC, 2, 1, 20, 0, 0), 0, 32));
        byte[] control = rtcp(0, SSRC, 1);
        assertEquals(-1, s[1].protectRtcp(control, 0, rtcpLength(control, 0)));
        assertEquals(-1, s[1].unprotectRtcp(control, 0, rtcpLength(control, 0)));
    }

    @Test
    void keysMustMatchTheProfile() {
        SrtpProfile p = SrtpProfile.AEAD_AES_128_GCM;
        assertThrows(IllegalArgumentException.class,
                () -> new SrtpKeys(p, new byte[16], new byte[14], new byte[16], new byte[12]));
        assertThrows(IllegalArgumentException.class,
                () -> new SrtpKeys(p, new byte[16], new byte[12], new byte[15], new byte[12]));
        assertThrows(NullPointerException.class,
                () -> new SrtpKeys(null, new byte[16], new byte[12], new byte[16], new byte[12]));
        assertEquals("SrtpKeys[AEAD_AES_128_GCM]",
                new SrtpKeys(p, new byte[16], new byte[12], new byte[16], new byte[12]).toString());
    }
}
