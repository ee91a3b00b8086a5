package dev.chorus.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A packet that fails authentication is dropped and leaves the session able to decrypt the next ones. */
class SrtpRecoveryTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aTamperedPacketDoesNotBreakTheFollowingOnes(SrtpProfile profile) {
        SrtpKeys k = TestPackets.keys(profile, 7);
        SrtpSession sender = new SrtpSession(k);
        SrtpSession receiver = new SrtpSession(TestPackets.swap(k));
        for (int seq = 1; seq <= 5; seq++) {
            byte[] p = TestPackets.rtp(0, 0x1234, seq, 1000L * seq, 100, 0, 0);
            int plain = TestPackets.rtpLength(p, 0);
            byte[] expected = java.util.Arrays.copyOf(p, plain);
            int n = sender.protectRtp(p, 0, plain);
            assertTrue(n > plain);
            if (seq == 3) {
                p[n - 20] ^= 0x5A;
                assertEquals(-1, receiver.unprotectRtp(p, 0, n), "tampered packet rejected");
                continue;
            }
            assertEquals(plain, receiver.unprotectRtp(p, 0, n), "packet " + seq + " decrypts after a failure");
            assertTrue(java.util.Arrays.equals(expected, java.util.Arrays.copyOf(p, plain)), "packet " + seq + " plaintext");
        }
        assertEquals(1, receiver.authFailures());
    }

    /** Consumers come and go on a long-lived transport: removing their contexts keeps the session usable. */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void removedSsrcsFreeTheirContexts(SrtpProfile profile) {
        SrtpSession churned = new SrtpSession(TestPackets.keys(profile, 3));
        SrtpSession leaky = new SrtpSession(TestPackets.keys(profile, 3));
        int leakyFailures = 0;
        for (int ssrc = 1; ssrc <= 2 * SrtpSession.MAX_CONTEXTS; ssrc++) {
            byte[] a = TestPackets.rtp(0, ssrc, 1, 0, 50, 0, 0);
            byte[] b = TestPackets.copy(a);
            int plain = TestPackets.rtpLength(a, 0);
            assertTrue(churned.protectRtp(a, 0, plain) > plain, "ssrc " + ssrc + " protected after churn");
            churned.removeSendSsrc(ssrc);
            if (leaky.protectRtp(b, 0, plain) < 0) {
                leakyFailures++;
            }
        }
        assertEquals(0, churned.contextCount());
        assertEquals(SrtpSession.MAX_CONTEXTS, leakyFailures, "without removal the session runs out of contexts");
    }
}
