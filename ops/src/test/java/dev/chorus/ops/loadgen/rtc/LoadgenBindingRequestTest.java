package dev.chorus.ops.loadgen.rtc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.ice.Stun;
import dev.chorus.media.ice.StunRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client's Binding requests, checked with the server's own STUN codec. */
class LoadgenBindingRequestTest {
    private static final String PASSWORD = "serverpassword0123456789abcdef";

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theServerParsesAndAuthenticatesTheRequest(boolean nominate) {
        BindingRequest r = new BindingRequest("srvufrag", "lgclient", PASSWORD);
        byte[] out = new byte[256];
        int n = r.write(out, nominate);
        StunRequest parsed = new StunRequest();
        assertTrue(Stun.parseBindingRequest(out, 0, n, parsed));
        assertEquals("srvufrag:lgclient", parsed.username);
        assertEquals("srvufrag", parsed.localUfrag());
        assertEquals(nominate, parsed.useCandidate);
        assertTrue(parsed.iceControlling);
        assertEquals(BindingRequest.PRIORITY, parsed.priority);
        assertTrue(Stun.verifyIntegrity(out, 0, n, PASSWORD.getBytes(StandardCharsets.UTF_8)));
        assertFalse(Stun.verifyIntegrity(out, 0, n, "wrong".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Stun.verifyFingerprint(out, 0, n));
        assertArrayEquals(r.transactionId(), parsed.transactionId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "ab", "abc", "abcd"})
    void usernamesOfAnyLengthArePadded(String clientUfrag) {
        BindingRequest r = new BindingRequest("s", clientUfrag, PASSWORD);
        byte[] out = new byte[256];
        int n = r.write(out, true);
        assertEquals(0, n % 4);
        StunRequest parsed = new StunRequest();
        assertTrue(Stun.parseBindingRequest(out, 0, n, parsed));
        assertEquals("s:" + clientUfrag, parsed.username);
        assertTrue(Stun.verifyFingerprint(out, 0, n));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void onlyTheAnswerToTheLastRequestMatches(boolean sameTransaction) {
        BindingRequest r = new BindingRequest("srv", "cli", PASSWORD);
        byte[] req = new byte[256];
        r.write(req, true);
        byte[] tid = r.transactionId().clone();
        if (!sameTransaction) {
            r.write(req, false);
        }
        byte[] resp = new byte[Stun.MAX_SUCCESS_SIZE];
        int n = Stun.writeBindingSuccess(resp, 0, tid, new InetSocketAddress("127.0.0.1", 5000),
                PASSWORD.getBytes(StandardCharsets.UTF_8));
        assertEquals(sameTransaction, r.answers(resp, n));
    }
}
