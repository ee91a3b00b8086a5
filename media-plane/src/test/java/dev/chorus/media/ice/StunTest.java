package dev.chorus.media.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StunTest {
    private static final String RFC_PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    private static final byte[] RFC_KEY = RFC_PASSWORD.getBytes(StandardCharsets.US_ASCII);

    /** RFC 5769 §2.1 sample request. */
    static final byte[] RFC_REQUEST = hex("00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae"
            + " 80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74"
            + " 00 24 00 04 6e 00 01 ff 80 29 00 08 93 2f f9 b1 51 26 3b 36"
            + " 00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20"
            + " 00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2"
            + " 80 28 00 04 e5 7a 3b cf");
    /** RFC 5769 §2.2 sample IPv4 response. */
    static final byte[] RFC_RESPONSE_V4 = hex("01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae"
            + " 80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20"
            + " 00 20 00 08 00 01 a1 47 e1 12 a6 43"
            + " 00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7"
            + " 80 28 00 04 c0 7d 4c 96");
    /** RFC 5769 §2.3 sample IPv6 response. */
    static final byte[] RFC_RESPONSE_V6 = hex("01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae"
            + " 80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20"
            + " 00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9"
            + " 00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41"
            + " 80 28 00 04 c8 fb 0b 4c");
    /** RFC 5769 §2.4 request with long-term authentication (no FINGERPRINT). */
    static final byte[] RFC_LONG_TERM = hex("00 01 00 60 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e"
            + " 00 06 00 12 e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00"
            + " 00 15 00 1c 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41"
            + " 00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00"
            + " 00 08 00 14 f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66");
    private static final byte[] RFC_TID = hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");

    @Test
    void rfc5769RequestVerifiesAndParses() {
        byte[] b = RFC_REQUEST;
        assertTrue(Stun.isStun(b, 0, b.length));
        assertEquals(Stun.BINDING_REQUEST, Stun.messageType(b, 0, b.length));
        assertTrue(Stun.verifyIntegrity(b, 0, b.length, RFC_KEY));
        assertTrue(Stun.verifyFingerprint(b, 0, b.length));
        assertFalse(Stun.verifyIntegrity(b, 0, b.length, "VOkJxbRl1RmTxUk/WvJxBu".getBytes(StandardCharsets.US_ASCII)));

        StunRequest r = new StunRequest();
        assertTrue(Stun.parseBindingRequest(b, 0, b.length, r));
        assertEquals("evtj:h6vY", r.username);
        assertEquals("evtj", r.localUfrag());
        assertEquals(64, r.usernameOffset);
        assertEquals(9, r.usernameLength);
        assertEquals(0x6e0001ffL, r.priority);
        assertTrue(r.iceControlled);
        assertFalse(r.iceControlling);
        assertEquals(0x932ff9b151263b36L, r.tieBreaker);
        assertTrue(r.hasIntegrity);
        assertEquals(76, r.integrityOffset);
        assertTrue(r.hasFingerprint);
        assertFalse(r.useCandidate);
        assertEquals(-1, r.nomination);
        assertArrayEquals(RFC_TID, r.transactionId);
    }

    @Test
    void rfc5769RequestAtAnOffsetInsideALargerBuffer() {
        byte[] big = new byte[RFC_REQUEST.length + 37];
        Arrays.fill(big, (byte) 0x55);
        System.arraycopy(RFC_REQUEST, 0, big, 17, RFC_REQUEST.length);
        assertTrue(Stun.verifyIntegrity(big, 17, RFC_REQUEST.length, RFC_KEY));
        assertTrue(Stun.verifyFingerprint(big, 17, RFC_REQUEST.length));
        StunRequest r = new StunRequest();
        assertTrue(Stun.parseBindingRequest(big, 17, RFC_REQUEST.length, r));
        assertEquals(17 + 64, r.usernameOffset);
        assertFalse(Stun.isStun(big, 16, RFC_REQUEST.length));
    }

    static Stream<Arguments> rfcResponses() {
        return Stream.of(
                Arguments.of(RFC_RESPONSE_V4, "192.0.2.1", 12),
                Arguments.of(RFC_RESPONSE_V6, "2001:db8:1234:5678:11:2233:4455:6677", 24));
    }

    @ParameterizedTest
    @MethodSource("rfcResponses")
    void rfc5769ResponsesVerifyAndOurXorMappedAddressMatches(byte[] vector, String ip, int xmaSize) throws Exception {
        assertTrue(Stun.verifyIntegrity(vector, 0, vector.length, RFC_KEY));
        assertTrue(Stun.verifyFingerprint(vector, 0, vector.length));
        assertEquals(Stun.BINDING_SUCCESS, Stun.messageType(vector, 0, vector.length));
        assertFalse(Stun.parseBindingRequest(vector, 0, vector.length, new StunRequest()));

        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName(ip), 32853);
        byte[] out = new byte[Stun.MAX_SUCCESS_SIZE];
        int n = Stun.writeBindingSuccess(out, 0, RFC_TID, mapped, RFC_KEY);
        assertEquals(20 + xmaSize + 24 + 8, n);
        // the vector's XOR-MAPPED-ADDRESS sits after a 16-byte SOFTWARE attribute
        assertArrayEquals(Arrays.copyOfRange(vector, 36, 36 + xmaSize), Arrays.copyOfRange(out, 20, 20 + xmaSize));
        StunTestClient.Response decoded = StunTestClient.Response.decode(Arrays.copyOf(out, n));
        assertEquals(mapped, decoded.xorMappedAddress);
        assertTrue(decoded.integrityValid(RFC_PASSWORD));
        assertTrue(decoded.fingerprintOk);
        assertTrue(Stun.verifyIntegrity(out, 0, n, RFC_KEY));
        assertTrue(Stun.verifyFingerprint(out, 0, n));
    }

    @Test
    void rfc5769LongTermCredentialVector() throws Exception {
        String user = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
        byte[] key = MessageDigest.getInstance("MD5")
                .digest((user + ":example.org:TheMatrIX").getBytes(StandardCharsets.UTF_8));
        assertTrue(Stun.verifyIntegrity(RFC_LONG_TERM, 0, RFC_LONG_TERM.length, key));
        assertFalse(Stun.verifyFingerprint(RFC_LONG_TERM, 0, RFC_LONG_TERM.length));
        StunRequest r = new StunRequest();
        assertTrue(Stun.parseBindingRequest(RFC_LONG_TERM, 0, RFC_LONG_TERM.length, r));
        assertEquals(user, r.username);
        assertNull(r.localUfrag());
        assertFalse(r.hasFingerprint);
    }

    @Test
    void everySingleByteFlipBreaksIntegrityOrFingerprintOrFraming() {
        for (int i = 0; i < RFC_REQUEST.length; i++) {
            byte[] b = RFC_REQUEST.clone();
            b[i] ^= 0x01;
            boolean both = Stun.verifyIntegrity(b, 0, b.length, RFC_KEY) && Stun.verifyFingerprint(b, 0, b.length);
            assertFalse(both, "flip at " + i + " went unnoticed");
        }
    }

    @Test
    void truncatedInputNeverThrowsAndIsNotStun() {
        StunRequest r = new StunRequest();
        for (int n = 0; n < RFC_REQUEST.length; n++) {
            assertFalse(Stun.isStun(RFC_REQUEST, 0, n), "len " + n);
            assertEquals(-1, Stun.messageType(RFC_REQUEST, 0, n));
            assertFalse(Stun.parseBindingRequest(RFC_REQUEST, 0, n, r));
            assertFalse(Stun.verifyIntegrity(RFC_REQUEST, 0, n, RFC_KEY));
            assertFalse(Stun.verifyFingerprint(RFC_REQUEST, 0, n));
        }
    }

    /** Cut the request after n bytes and fix the length field: only cuts on attribute boundaries parse. */
    @Test
    void truncatedWithConsistentLengthParsesOnlyOnAttributeBoundaries() {
        Set<Integer> boundaries = Set.of(20, 40, 48, 60, 76, 100, 108);
        StunRequest r = new StunRequest();
        for (int n = 20; n <= RFC_REQUEST.length; n += 4) {
            byte[] b = Arrays.copyOf(RFC_REQUEST, n);
            b[2] = (byte) ((n - 20) >>> 8);
            b[3] = (byte) (n - 20);
            assertTrue(Stun.isStun(b, 0, n));
            assertEquals(boundaries.contains(n), Stun.parseBindingRequest(b, 0, n, r), "cut at " + n);
            assertEquals(n >= 100, Stun.verifyIntegrity(b, 0, n, RFC_KEY), "cut at " + n);
        }
    }

    @Test
    void randomGarbageNeverThrows() {
        Random rnd = new Random(42);
        StunRequest r = new StunRequest();
        byte[] out = new byte[64];
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[20 + 4 * rnd.nextInt(40)];
            rnd.nextBytes(b);
            if (rnd.nextBoolean()) {
                b[0] = 0;
                b[1] = 1;
                Stun.put32(b, 4, Stun.MAGIC_COOKIE);
                Stun.put16(b, 2, b.length - 20);
            }
            int off = rnd.nextInt(3) - 1;
            int len = b.length - rnd.nextInt(3) + 1;
            Stun.isStun(b, off, len);
            Stun.messageType(b, off, len);
            Stun.parseBindingRequest(b, off, len, r);
            Stun.verifyIntegrity(b, off, len, RFC_KEY);
            Stun.verifyFingerprint(b, off, len);
            Stun.writeBindingError(out, rnd.nextInt(80) - 10, RFC_TID, 400, "x", null);
        }
    }

    static Stream<Arguments> headerCases() {
        return Stream.of(
                Arguments.of("valid", (Patch) b -> { }, true),
                Arguments.of("first byte 3 is still STUN range", (Patch) b -> b[0] = 3, true),
                Arguments.of("first byte 4 (RFC 7983: not STUN)", (Patch) b -> b[0] = 4, false),
                Arguments.of("first byte 0x80 (RTP)", (Patch) b -> b[0] = (byte) 0x80, false),
                Arguments.of("bad cookie", (Patch) b -> b[7] ^= 1, false),
                Arguments.of("length + 4", (Patch) b -> b[3] += 4, false),
                Arguments.of("length - 4", (Patch) b -> b[3] -= 4, false),
                Arguments.of("length not multiple of 4", (Patch) b -> b[3] += 1, false),
                Arguments.of("length high byte", (Patch) b -> b[2] = 1, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerCases")
    void isStunChecksHeader(String name, Patch patch, boolean expected) {
        byte[] b = RFC_REQUEST.clone();
        patch.apply(b);
        assertEquals(expected, Stun.isStun(b, 0, b.length));
    }

    @Test
    void outOfRangeViewsReturnFalse() {
        byte[] b = RFC_REQUEST;
        assertFalse(Stun.isStun(null, 0, 20));
        assertFalse(Stun.isStun(b, -1, b.length));
        assertFalse(Stun.isStun(b, 1, b.length));
        assertFalse(Stun.isStun(b, 0, -5));
        assertFalse(Stun.isStun(b, Integer.MAX_VALUE, 20));
        assertFalse(Stun.verifyIntegrity(b, 0, b.length, null));
        assertFalse(Stun.verifyIntegrity(b, 0, b.length, new byte[0]));
        assertFalse(Stun.parseBindingRequest(null, 0, 0, new StunRequest()));
    }

    static Stream<Arguments> malformedAttributes() {
        return Stream.of(
                Arguments.of("PRIORITY length 3", attrs(0x0024, new byte[3])),
                Arguments.of("USE-CANDIDATE with a value", attrs(0x0025, new byte[4])),
                Arguments.of("ICE-CONTROLLING length 4", attrs(0x802A, new byte[4])),
                Arguments.of("NOMINATION length 8", attrs(0xC001, new byte[8])),
                Arguments.of("empty USERNAME", attrs(0x0006, new byte[0])),
                Arguments.of("USERNAME longer than 513", attrs(0x0006, new byte[516])),
                Arguments.of("MESSAGE-INTEGRITY length 16", attrs(0x0008, new byte[16])),
                Arguments.of("FINGERPRINT not last", concat(attrs(0x8028, new byte[4]), attrs(0x0024, new byte[4]))),
                Arguments.of("attribute runs past the end", hex("00 24 00 08 00 00 00 01")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedAttributes")
    void malformedAttributesAreRejected(String name, byte[] attributes) {
        byte[] b = message(Stun.BINDING_REQUEST, attributes);
        StunRequest r = new StunRequest();
        assertTrue(Stun.isStun(b, 0, b.length));
        assertFalse(Stun.parseBindingRequest(b, 0, b.length, r));
        assertEquals(Stun.BINDING_REQUEST, r.type, "type still known for a 400");
        assertArrayEquals(RFC_TID, r.transactionId);
    }

    @Test
    void iceAttributesParse() {
        StunTestClient.Request q = new StunTestClient.Request("srv", "cli", "secretsecretsecretsecret")
                .useCandidate().nomination(0x7ABCDEF1);
        q.priority = 0xFFFFFFFFL;
        byte[] b = q.encode();
        StunRequest r = new StunRequest();
        assertTrue(Stun.parseBindingRequest(b, 0, b.length, r));
        assertEquals("srv:cli", r.username);
        assertEquals("srv", r.localUfrag());
        assertEquals(0xFFFFFFFFL, r.priority);
        assertTrue(r.iceControlling);
        assertEquals(0x1122334455667788L, r.tieBreaker);
        assertTrue(r.useCandidate);
        assertEquals(0x7ABCDEF1, r.nomination);
        assertTrue(r.nominates());
        assertTrue(Stun.verifyIntegrity(b, 0, b.length, "secretsecretsecretsecret".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(Stun.verifyFingerprint(b, 0, b.length));

        r.reset();
        assertNull(r.username);
        assertEquals(-1, r.nomination);
        assertFalse(r.nominates());
    }

    @Test
    void attributesAfterIntegrityAreIgnoredAndDoNotBreakIt() {
        StunTestClient.Request q = new StunTestClient.Request("srv", "cli", "pw-pw-pw-pw-pw-pw-pw-pw");
        q.fingerprint = false;
        byte[] signed = q.encode();
        byte[] b = concat(signed, attrs(0x0024, hex("00 00 00 07")));
        Stun.put16(b, 2, b.length - 20);
        StunRequest r = new StunRequest();
        assertTrue(Stun.parseBindingRequest(b, 0, b.length, r));
        assertEquals(0x6e0001ffL, r.priority, "PRIORITY after MESSAGE-INTEGRITY must be ignored");
        assertTrue(Stun.verifyIntegrity(b, 0, b.length, "pw-pw-pw-pw-pw-pw-pw-pw".getBytes(StandardCharsets.US_ASCII)));
    }

    static Stream<Arguments> mappedAddresses() throws Exception {
        return Stream.of(
                Arguments.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)),
                Arguments.of(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 1)),
                Arguments.of(new InetSocketAddress(InetAddress.getByName("255.255.255.255"), 0x2112)),
                Arguments.of(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 65535)),
                Arguments.of(new InetSocketAddress(InetAddress.getByName("::1"), 50000)),
                Arguments.of(new InetSocketAddress(InetAddress.getByName("ffff:ffff::ffff"), 65535)));
    }

    @ParameterizedTest
    @MethodSource("mappedAddresses")
    void successResponseRoundTrips(InetSocketAddress mapped) {
        byte[] out = new byte[200];
        Arrays.fill(out, (byte) 0x77);
        int n = Stun.writeBindingSuccess(out, 5, RFC_TID, mapped, RFC_KEY);
        assertTrue(n > 0);
        assertEquals((byte) 0x77, out[4]);
        assertEquals((byte) 0x77, out[5 + n]);
        StunTestClient.Response r = StunTestClient.Response.decode(Arrays.copyOfRange(out, 5, 5 + n));
        assertNotNull(r);
        assertEquals(Stun.BINDING_SUCCESS, r.type);
        assertArrayEquals(RFC_TID, r.transactionId);
        assertEquals(mapped, r.xorMappedAddress);
        assertTrue(r.integrityValid(RFC_PASSWORD));
        assertFalse(r.integrityValid("other"));
        assertTrue(r.fingerprintOk);
        assertTrue(Stun.isStun(out, 5, n));
    }

    @Test
    void successWithoutKeyHasNoIntegrity() throws Exception {
        byte[] out = new byte[Stun.MAX_SUCCESS_SIZE];
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("1.2.3.4"), 5);
        int n = Stun.writeBindingSuccess(out, 0, RFC_TID, a, null);
        assertEquals(20 + 12 + 8, n);
        StunTestClient.Response r = StunTestClient.Response.decode(Arrays.copyOf(out, n));
        assertEquals(-1, r.integrityOffset);
        assertTrue(r.fingerprintOk);
    }

    @Test
    void writersRejectBadArguments() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("::1"), 5);
        assertEquals(-1, Stun.writeBindingSuccess(new byte[Stun.MAX_SUCCESS_SIZE - 1], 0, RFC_TID, a, RFC_KEY));
        assertEquals(-1, Stun.writeBindingSuccess(new byte[Stun.MAX_SUCCESS_SIZE], 1, RFC_TID, a, RFC_KEY));
        assertEquals(Stun.MAX_SUCCESS_SIZE, Stun.writeBindingSuccess(new byte[Stun.MAX_SUCCESS_SIZE], 0, RFC_TID, a, RFC_KEY));
        assertEquals(-1, Stun.writeBindingSuccess(new byte[100], 0, new byte[11], a, RFC_KEY));
        assertEquals(-1, Stun.writeBindingSuccess(new byte[100], 0, RFC_TID, InetSocketAddress.createUnresolved("x", 1), RFC_KEY));
        assertEquals(-1, Stun.writeBindingSuccess(new byte[100], -1, RFC_TID, a, RFC_KEY));
        assertEquals(-1, Stun.writeBindingError(new byte[100], 0, RFC_TID, 299, "x", null));
        assertEquals(-1, Stun.writeBindingError(new byte[100], 0, RFC_TID, 700, "x", null));
        assertEquals(-1, Stun.writeBindingError(new byte[20], 0, RFC_TID, 400, "x", null));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(400, "Bad Request", null, "Bad Request"),
                Arguments.of(401, "Unauthorized", null, "Unauthorized"),
                Arguments.of(487, "Role Conflict", RFC_KEY, "Role Conflict"),
                Arguments.of(420, "caf\u00e9", null, "caf?"),
                Arguments.of(500, null, RFC_KEY, ""),
                Arguments.of(699, "x".repeat(300), null, "x".repeat(128)));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void errorResponses(int code, String reason, byte[] key, String expectedReason) {
        byte[] out = new byte[400];
        int n = Stun.writeBindingError(out, 0, RFC_TID, code, reason, key);
        assertTrue(n > 0);
        assertEquals(0, n % 4);
        StunTestClient.Response r = StunTestClient.Response.decode(Arrays.copyOf(out, n));
        assertEquals(Stun.BINDING_ERROR, r.type);
        assertEquals(code, r.errorCode);
        assertEquals(expectedReason, r.reason);
        assertEquals(key != null, r.integrityValid(RFC_PASSWORD));
        assertTrue(r.fingerprintOk);
        assertTrue(Stun.verifyFingerprint(out, 0, n));
    }

    @Test
    void localUfragEdgeCases() {
        StunRequest r = new StunRequest();
        r.username = "a:b:c";
        assertEquals("a", r.localUfrag());
        r.reset();
        r.username = "nocolon";
        assertNull(r.localUfrag());
        r.reset();
        r.username = ":b";
        assertNull(r.localUfrag());
    }

    /** Mutates a copy of the RFC request for a header case. */
    @FunctionalInterface
    interface Patch {
        void apply(byte[] b);
    }

    static byte[] message(int type, byte[] attributes) {
        byte[] b = new byte[20 + attributes.length];
        Stun.put16(b, 0, type);
        Stun.put16(b, 2, attributes.length);
        Stun.put32(b, 4, Stun.MAGIC_COOKIE);
        System.arraycopy(RFC_TID, 0, b, 8, 12);
        System.arraycopy(attributes, 0, b, 20, attributes.length);
        return b;
    }

    static byte[] attrs(int type, byte[] value) {
        ByteBuffer bb = ByteBuffer.allocate(4 + ((value.length + 3) & ~3));
        bb.putShort((short) type).putShort((short) value.length).put(value);
        return bb.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static byte[] hex(String s) {
        String[] parts = s.trim().split("\\s+");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }
}
