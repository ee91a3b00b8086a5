package dev.chorus.http.signaling;

import com.typesafe.config.Config;
import dev.chorus.http.protoo.ProtooCodec;
import java.time.Duration;
import java.util.List;

/**
 * Limits on one signaling connection ({@code chorus.limits}) and the WebSocket Origin allow-list
 * ({@code chorus.http.allowed-origins}).
 *
 * @param requestsPerSecond how fast a connection's request budget refills (requests and notifications; the
 *                          client's answers to server requests are not limited)
 * @param requestBurst      how many requests a connection may send at once
 * @param excessBeforeClose a connection refused this many requests within {@code excessWindow} is closed
 * @param excessWindow      see above
 * @param maxMessageChars   a larger frame is answered "message too large" (400) and never buffered in full
 * @param allowedOrigins    browser origins allowed to open a socket (empty: any); see {@link OriginPolicy}
 */
public record SignalingLimits(double requestsPerSecond, int requestBurst, int excessBeforeClose,
                              Duration excessWindow, int maxMessageChars, List<String> allowedOrigins) {

    /** Generous defaults (the mediasoup-demo client and the test harness stay far below them). */
    public static final SignalingLimits DEFAULT = new SignalingLimits(20, 50, 50, Duration.ofSeconds(10),
            64 * 1024, List.of());

    public SignalingLimits {
        if (!(requestsPerSecond > 0) || requestBurst < 1 || excessBeforeClose < 1 || excessWindow.isNegative()
                || excessWindow.isZero()) {
            throw new IllegalArgumentException("chorus.limits: requests-per-second, request-burst, excess-before-close "
                    + "and excess-window must be positive");
        }
        if (maxMessageChars < 1024 || maxMessageChars > ProtooCodec.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("chorus.limits.max-message-size must be from 1k to "
                    + ProtooCodec.MAX_MESSAGE_BYTES + " (bytes), was " + maxMessageChars);
        }
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public static SignalingLimits from(Config root) {
        Config c = root.getConfig("chorus.limits");
        return new SignalingLimits(c.getDouble("requests-per-second"), c.getInt("request-burst"),
                c.getInt("excess-before-close"), c.getDuration("excess-window"),
                (int) Math.min(Integer.MAX_VALUE, c.getBytes("max-message-size")),
                origins(root.getValue("chorus.http.allowed-origins").unwrapped()));
    }

    /** A list, or a comma-separated string (what an environment variable gives). */
    private static List<String> origins(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return java.util.Arrays.stream(String.valueOf(value).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
    }
}
