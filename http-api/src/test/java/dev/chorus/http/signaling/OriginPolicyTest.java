package dev.chorus.http.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The WebSocket Origin allow-list, table-driven. */
class OriginPolicyTest {
    private static final List<String> MEET = List.of("https://meet.example.com", "HTTP://localhost:3000/");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("empty list: anything", List.of(), "https://evil.example", "node:8080", true),
                Arguments.of("no Origin header", MEET, null, "node:8080", true),
                Arguments.of("listed", MEET, "https://meet.example.com", "node:8080", true),
                Arguments.of("listed, other case and trailing slash", MEET, "http://LOCALHOST:3000", "node:8080",
                        true),
                Arguments.of("not listed", MEET, "https://evil.example", "node:8080", false),
                Arguments.of("listed host, other scheme", MEET, "http://meet.example.com", "node:8080", false),
                Arguments.of("listed host, other port", MEET, "https://meet.example.com:8443", "node:8080", false),
                Arguments.of("the node's own page", MEET, "http://node:8080", "node:8080", true),
                Arguments.of("the node's own page, default port", MEET, "https://chorus.example", "chorus.example",
                        true),
                Arguments.of("same host name, other port", MEET, "http://node:9999", "node:8080", false),
                Arguments.of("opaque origin", MEET, "null", "node:8080", false),
                Arguments.of("no Host header", MEET, "http://node:8080", null, false),
                Arguments.of("wildcard", List.of("*"), "https://anything.example", "node:8080", true),
                Arguments.of("garbage origin", MEET, "::not a uri::", "node:8080", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void allows(String name, List<String> allowed, String origin, String host, boolean expected) {
        assertEquals(expected, new OriginPolicy(allowed).allows(Optional.ofNullable(origin), Optional.ofNullable(host)));
    }
}
