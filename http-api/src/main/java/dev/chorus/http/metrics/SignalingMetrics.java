package dev.chorus.http.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * Signaling counters of one node, free of any metrics library: protoo requests by method, error responses by method
 * and code, refused connections by reason, and WebSocket sessions. The signaling code counts here; the metrics
 * exporter (in {@code ops}) reads {@link #requests()}, {@link #errors()}, {@link #refusals()} at scrape time.
 *
 * <p>Label values stay bounded whatever clients send: a method outside {@link #METHODS} counts as {@value #OTHER};
 * an error code outside 100..599 as {@value #OTHER}; a refusal reason is reduced to at most 32 characters of
 * {@code [a-z0-9_]}, and after {@value #MAX_REASONS} distinct reasons further ones count as {@value #OTHER}.
 * An extension (not a static) so that several nodes in one JVM each count their own.
 */
public final class SignalingMetrics implements Extension {
    private static final Id ID = new Id();

    /** The label value for anything outside the known set. */
    public static final String OTHER = "other";
    /** The method label of a message that could not be parsed as protoo. */
    public static final String MALFORMED = "malformed";
    static final int MAX_REASONS = 32;

    /** The protoo request methods a client may send (the mediasoup-demo room methods), counted by name. */
    public static final Set<String> METHODS = Set.of(
            "getRouterRtpCapabilities", "createWebRtcTransport", "connectWebRtcTransport", "restartIce", "join",
            "produce", "closeProducer", "pauseProducer", "resumeProducer", "pauseConsumer", "resumeConsumer",
            "requestConsumerKeyFrame", "changeDisplayName", "getTransportStats", "getProducerStats",
            "getConsumerStats", "setConsumerPreferredLayers", "setConsumerPriority", "produceData",
            "getDataProducerStats", "getDataConsumerStats", "applyNetworkThrottle", "resetNetworkThrottle",
            "stopNetworkThrottle");

    /** An error response's labels. */
    public record ErrorKey(String method, String code) implements Comparable<ErrorKey> {
        @Override
        public int compareTo(ErrorKey o) {
            int c = method.compareTo(o.method);
            return c != 0 ? c : code.compareTo(o.code);
        }
    }

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<ErrorKey, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
    private final LongAdder sessionsOpened = new LongAdder();
    private final AtomicLong sessionsOpen = new AtomicLong();

    /** A fresh set of counters (tests; nodes use {@link #get}). */
    public SignalingMetrics() {
    }

    /** The counters of the given actor system (created empty on first use). */
    public static SignalingMetrics get(ClassicActorSystemProvider system) {
        return ID.get(system);
    }

    /** A protoo request arrived from a client. */
    public void request(String method) {
        requests.computeIfAbsent(methodLabel(method), k -> new LongAdder()).increment();
    }

    /** A request was answered with an error response carrying {@code code}. */
    public void error(String method, int code) {
        String c = code >= 100 && code <= 599 ? Integer.toString(code) : OTHER;
        errors.computeIfAbsent(new ErrorKey(methodLabel(method), c), k -> new LongAdder()).increment();
    }

    /**
     * A connection or request was refused before reaching a room (authentication, rate limits, bad upgrade
     * parameters): {@code reason} is a short machine word such as {@code "unauthorized"} or {@code "rate_limited"}.
     */
    public void refused(String reason) {
        String r = reasonLabel(reason);
        LongAdder a = refusals.get(r);
        if (a == null) {
            a = refusals.size() < MAX_REASONS ? refusals.computeIfAbsent(r, k -> new LongAdder())
                    : refusals.computeIfAbsent(OTHER, k -> new LongAdder());
        }
        a.increment();
    }

    /** A signaling WebSocket session started. */
    public void sessionOpened() {
        sessionsOpened.increment();
        sessionsOpen.incrementAndGet();
    }

    /** A signaling WebSocket session ended. */
    public void sessionClosed() {
        sessionsOpen.decrementAndGet();
    }

    public Map<String, Long> requests() {
        return snapshot(requests);
    }

    public Map<ErrorKey, Long> errors() {
        return snapshot(errors);
    }

    public Map<String, Long> refusals() {
        return snapshot(refusals);
    }

    public long sessionsOpened() {
        return sessionsOpened.sum();
    }

    public long sessionsOpen() {
        return sessionsOpen.get();
    }

    /** {@code method} if it is a known method, else {@value #OTHER} (and {@value #MALFORMED} stays itself). */
    public static String methodLabel(String method) {
        if (method != null && (METHODS.contains(method) || MALFORMED.equals(method))) {
            return method;
        }
        return OTHER;
    }

    static String reasonLabel(String reason) {
        if (reason == null || reason.isBlank()) {
            return OTHER;
        }
        StringBuilder sb = new StringBuilder();
        for (char ch : reason.toLowerCase(Locale.ROOT).toCharArray()) {
            if (sb.length() == 32) {
                break;
            }
            sb.append((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ? ch : '_');
        }
        return sb.toString();
    }

    private static <K extends Comparable<? super K>> Map<K, Long> snapshot(Map<K, LongAdder> m) {
        Map<K, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static final class Id extends AbstractExtensionId<SignalingMetrics> {
        @Override
        public SignalingMetrics createExtension(ExtendedActorSystem system) {
            return new SignalingMetrics();
        }
    }
}
