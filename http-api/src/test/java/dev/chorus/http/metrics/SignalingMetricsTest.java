package dev.chorus.http.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Counting and the bounds on label values of {@link SignalingMetrics}. */
class SignalingMetricsTest {

    static Stream<Arguments> methods() {
        return Stream.of(
                Arguments.of("produce", "produce"),
                Arguments.of("getRouterRtpCapabilities", "getRouterRtpCapabilities"),
                Arguments.of("applyNetworkThrottle", "applyNetworkThrottle"),
                Arguments.of("malformed", "malformed"),
                Arguments.of("PRODUCE", "other"),
                Arguments.of("x".repeat(1000), "other"),
                Arguments.of("", "other"),
                Arguments.of(null, "other"));
    }

    @ParameterizedTest
    @MethodSource("methods")
    void methodsOutsideTheKnownSetCountAsOther(String method, String label) {
        assertEquals(label, SignalingMetrics.methodLabel(method));
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                Arguments.of("rate_limited", "rate_limited"),
                Arguments.of("Unauthorized", "unauthorized"),
                Arguments.of("bad token!", "bad_token_"),
                Arguments.of("a".repeat(40), "a".repeat(32)),
                Arguments.of(" ", "other"),
                Arguments.of(null, "other"));
    }

    @ParameterizedTest
    @MethodSource("reasons")
    void refusalReasonsAreReducedToShortMachineWords(String reason, String label) {
        assertEquals(label, SignalingMetrics.reasonLabel(reason));
    }

    @Test
    void requestsAndErrorsAreCountedByMethodAndCode() {
        SignalingMetrics m = new SignalingMetrics();
        m.request("produce");
        m.request("produce");
        m.request("join");
        m.request("noSuchMethod");
        m.error("produce", 400);
        m.error("produce", 400);
        m.error("join", 403);
        m.error(null, 500); // an error for a request the session did not track
        m.error("join", 42); // not an HTTP-like status
        assertEquals(Map.of("produce", 2L, "join", 1L, "other", 1L), m.requests());
        assertEquals(Map.of(new SignalingMetrics.ErrorKey("produce", "400"), 2L,
                new SignalingMetrics.ErrorKey("join", "403"), 1L,
                new SignalingMetrics.ErrorKey("other", "500"), 1L,
                new SignalingMetrics.ErrorKey("join", "other"), 1L), m.errors());
    }

    @Test
    void distinctRefusalReasonsAreCappedAndTheRestCountAsOther() {
        SignalingMetrics m = new SignalingMetrics();
        for (int i = 0; i < SignalingMetrics.MAX_REASONS + 10; i++) {
            m.refused("reason" + i);
        }
        m.refused("reason0");
        Map<String, Long> r = m.refusals();
        assertTrue(r.size() <= SignalingMetrics.MAX_REASONS + 1, "bounded: " + r.size());
        assertEquals(2L, r.get("reason0"), "a reason already known keeps counting under its name");
        assertEquals(10L, r.get("other"), "new reasons past the cap count as other");
        assertEquals(SignalingMetrics.MAX_REASONS + 11L, r.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void sessionsAreCountedOpenedAndOpen() {
        SignalingMetrics m = new SignalingMetrics();
        m.sessionOpened();
        m.sessionOpened();
        m.sessionClosed();
        assertEquals(2, m.sessionsOpened());
        assertEquals(1, m.sessionsOpen());
    }
}
