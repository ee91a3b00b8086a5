package dev.chorus.media.dtls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import dev.chorus.media.srtp.SrtpSession;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Keys from a real DTLS handshake drive SRTP in both directions: client protects, server unprotects and back. */
@Timeout(60)
class DtlsSrtpLoopbackTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void handshakeKeysProtectAndUnprotectBothWays(SrtpProfile profile) throws Exception {
        SrtpKeys clientKeys;
        SrtpKeys serverKeys;
        try (LoopbackHarness h = new LoopbackHarness()) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, profile);
            h.session.setRemoteFingerprint(client.fingerprint());
            h.session.start();
            clientKeys = client.connect(10_000).keys();
            serverKeys = h.listener.connected.get(10, SECONDS);
        }
        SrtpSession browser = new SrtpSession(clientKeys);
        SrtpSession chorus = new SrtpSession(serverKeys);

        for (int seq = 65_533; seq < 65_533 + 6; seq++) {
            int wrapped = seq & 0xFFFF;
            assertRoundTrip(browser, chorus, rtp(0xCAFEBABE, wrapped), true);
            assertRoundTrip(chorus, browser, rtp(0x0BADF00D, wrapped), true);
        }
        assertRoundTrip(browser, chorus, rtcp(0xCAFEBABE), false);
        assertRoundTrip(chorus, browser, rtcp(0x0BADF00D), false);
        assertEquals(0, chorus.authFailures() + chorus.replayDrops() + chorus.malformed());
        assertEquals(0, browser.authFailures() + browser.replayDrops() + browser.malformed());

        // the server cannot read its own traffic: directions use different keys
        byte[] own = rtp(0x12345678, 9);
        int len = chorus.protectRtp(own, 0, own.length - 32);
        assertEquals(-1, chorus.unprotectRtp(own, 0, len));
        assertEquals(1, chorus.authFailures());
    }

    private static void assertRoundTrip(SrtpSession from, SrtpSession to, byte[] buf, boolean isRtp) {
        int len = buf.length - 32;
        byte[] plain = Arrays.copyOf(buf, len);
        int protectedLen = isRtp ? from.protectRtp(buf, 0, len) : from.protectRtcp(buf, 0, len);
        assertFalse(Arrays.equals(plain, Arrays.copyOf(buf, len)), "encrypted on the wire");
        int plainLen = isRtp ? to.unprotectRtp(buf, 0, protectedLen) : to.unprotectRtcp(buf, 0, protectedLen);
        assertEquals(len, plainLen);
        assertArrayEquals(plain, Arrays.copyOf(buf, len));
    }

    private static byte[] rtp(int ssrc, int seq) {
        byte[] buf = new byte[12 + 100 + 32];
        buf[0] = (byte) 0x80;
        buf[1] = 111;
        buf[2] = (byte) (seq >>> 8);
        buf[3] = (byte) seq;
        buf[4] = (byte) (seq >>> 3);
        writeInt(buf, 8, ssrc);
        for (int i = 12; i < 112; i++) {
            buf[i] = (byte) (i ^ seq);
        }
        return buf;
    }

    private static byte[] rtcp(int ssrc) {
        byte[] buf = new byte[8 + 24 + 32];
        buf[0] = (byte) 0x80;
        buf[1] = (byte) 200;
        buf[3] = 7;
        writeInt(buf, 4, ssrc);
        for (int i = 8; i < 32; i++) {
            buf[i] = (byte) (i * 5);
        }
        return buf;
    }

    private static void writeInt(byte[] buf, int i, int v) {
        buf[i] = (byte) (v >>> 24);
        buf[i + 1] = (byte) (v >>> 16);
        buf[i + 2] = (byte) (v >>> 8);
        buf[i + 3] = (byte) v;
    }
}
