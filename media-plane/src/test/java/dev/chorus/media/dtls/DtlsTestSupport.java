package dev.chorus.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Shared helpers of the DTLS session tests. */
final class DtlsTestSupport {
    static final SrtpProfile GCM = SrtpProfile.AEAD_AES_128_GCM;
    static final SrtpProfile CM = SrtpProfile.AES128_CM_HMAC_SHA1_80;
    static final int CONNECT_TIMEOUT_MS = 10_000;

    private DtlsTestSupport() {
    }

    /** Runs the client's handshake on {@code threads}. */
    static CompletableFuture<DtlsTestClient.Result> connectAsync(DtlsTestClient client, Executor threads) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.connect(CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, threads);
    }

    static void assertKeysSwapped(SrtpKeys client, SrtpKeys server) {
        assertEquals(client.profile(), server.profile());
        assertArrayEquals(client.localKey(), server.remoteKey());
        assertArrayEquals(client.localSalt(), server.remoteSalt());
        assertArrayEquals(client.remoteKey(), server.localKey());
        assertArrayEquals(client.remoteSalt(), server.localSalt());
    }

    /** A DTLS 1.2 record header (epoch 0) with {@code payload} zero bytes of body. */
    static byte[] record(int contentType, int payload) {
        byte[] r = new byte[13 + payload];
        r[0] = (byte) contentType;
        r[1] = (byte) 0xFE;
        r[2] = (byte) 0xFD;
        r[11] = (byte) (payload >>> 8);
        r[12] = (byte) payload;
        return r;
    }

    static byte[] withLength(byte[] record, int length) {
        record[11] = (byte) (length >>> 8);
        record[12] = (byte) length;
        return record;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static boolean isHandshake(byte[] d, int messageType) {
        return d.length > 13 && d[0] == 22 && (d[13] & 0xFF) == messageType;
    }
}
