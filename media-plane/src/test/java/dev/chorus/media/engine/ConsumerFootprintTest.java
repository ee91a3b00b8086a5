package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.api.ConsumerOptions;
import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.ortc.RtpParameters;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.simulcast.SvcStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What a consumer costs on the heap, measured as the bytes the media worker thread allocates (per-thread allocation
 * counter, exact and independent of GC timing) on a real {@link MediaPlaneImpl}: {@value #N} consumers of one
 * producer are created on a connected subscriber transport, half paused and half deselected by last-N; packets
 * then flow past them; then all are resumed or selected and forward a first burst and more. The first burst's extra
 * allocation over a later one is what forwarding adds once per consumer (its retransmission bookkeeping, the SRTP
 * context of its SSRC). Allocated bytes bound retained bytes from above. Besides the bytes, the bookkeeping itself
 * is inspected on the worker: none while a consumer has never forwarded, then a table of the size its kind needs.
 *
 * <p>The worker is known to be done with a burst when a sentinel (an Opus producer on the same publisher transport,
 * consumed once on another transport) delivers the packet sent after the burst: one publisher socket, one worker,
 * in order. The creation bytes are stable; the forwarding bytes also hold the SRTP library's per-packet garbage,
 * which shrinks as the JIT gets to it (later on a loaded machine), so their bounds are wider. All bounds are far
 * below what the fixed 2048-entry retransmission arrays cost (over 32 KB per consumer, allocated at creation).
 */
class ConsumerFootprintTest {
    private static final int N = 100;
    private static final long SENTINEL_SSRC = 55_555_555L;

    /**
     * One kind of producer: its parameters, the packets of a burst, the bookkeeping a forwarding consumer keeps
     * (which table, how many slots), and the bounds per consumer (bytes): when never forwarding, and after
     * forwarding (creation plus first forwarding).
     */
    private enum Kind {
        AUDIO("audio", "plain", 256, 8_000, 20_000),
        VIDEO("video", "plain", 1024, 8_000, 28_000),
        VP8_SIMULCAST("video", "layered", 1024, 8_000, 40_000),
        VP9_SVC("video", "layered", 1024, 8_000, 40_000);

        final String mediaKind;
        final String table;
        final int slots;
        final long maxNeverForwarded;
        final long maxAfterForwarding;

        Kind(String mediaKind, String table, int slots, long maxNeverForwarded, long maxAfterForwarding) {
            this.mediaKind = mediaKind;
            this.table = table;
            this.slots = slots;
            this.maxNeverForwarded = maxNeverForwarded;
            this.maxAfterForwarding = maxAfterForwarding;
        }

        RtpParameters params() {
            return switch (this) {
                case AUDIO -> AudioPublisher.params(true, AudioPublisher.SSRC);
                case VIDEO -> LoopbackSfuTest.publisherParams();
                case VP8_SIMULCAST -> SimulcastLoopbackTest.simulcastParams();
                case VP9_SVC -> SvcLoopbackTest.svcParams();
            };
        }
    }

    /**
     * One row of the table: bytes per consumer; packets the subscriber transport sent while the consumers did not
     * forward and in the first burst; the bookkeeping they kept before and after forwarding.
     */
    private record Row(Kind kind, long created, long whilePassedBy, long firstForwarding, long sentWhilePassedBy,
                       long sentFirst, String keptIdle, String keptForwarding) {
        long afterForwarding() {
            return created + firstForwarding;
        }
    }

    @Test
    void perConsumerHeap() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Kind k : Kind.values()) {
            rows.add(measure(k));
        }
        System.out.printf("%nBytes allocated on the media worker per consumer (%d consumers per kind):%n", N);
        System.out.printf("%-14s %10s %10s %10s %10s   %s%n", "kind", "never fwd", "passed by", "first fwd",
                "after fwd", "tables kept: never forwarded / forwarding");
        for (Row r : rows) {
            System.out.printf("%-14s %10d %10d %10d %10d   %s / %s%n", r.kind(), r.created(), r.whilePassedBy(),
                    r.firstForwarding(), r.afterForwarding(), r.keptIdle(), r.keptForwarding());
        }
        List<Executable> checks = new ArrayList<>();
        for (Row r : rows) {
            checks.add(() -> assertTrue(r.created() <= r.kind().maxNeverForwarded, r.kind() + ": a consumer that"
                    + " never forwards allocated " + r.created() + " bytes, over " + r.kind().maxNeverForwarded));
            checks.add(() -> assertTrue(r.afterForwarding() <= r.kind().maxAfterForwarding, r.kind() + ": a"
                    + " forwarding consumer allocated " + r.afterForwarding() + " bytes, over "
                    + r.kind().maxAfterForwarding));
            checks.add(() -> assertTrue(r.whilePassedBy() < 2_000, r.kind() + ": packets passing " + N + " consumers"
                    + " that do not forward allocated " + r.whilePassedBy() + " bytes per consumer"));
            checks.add(() -> assertEquals("{" + r.kind().table + ":none=" + N + "}", r.keptIdle(),
                    r.kind() + ": a consumer that never forwarded keeps no retransmission bookkeeping"));
            checks.add(() -> assertEquals("{" + r.kind().table + ":" + r.kind().slots + "=" + N + "}",
                    r.keptForwarding(), r.kind() + ": a forwarding consumer keeps a table sized for its kind"));
            checks.add(() -> assertEquals(0, r.sentWhilePassedBy(), r.kind() + ": nothing forwarded while paused"));
            checks.add(() -> assertTrue(r.sentFirst() >= 5L * N, r.kind() + ": every consumer forwarded the first"
                    + " burst, sent " + r.sentFirst()));
        }
        assertAll(checks);
    }

    private static Row measure(Kind kind) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Set<Thread> existing = Thread.getAllStackTraces().keySet();
        List<TestPeer> peers = new ArrayList<>();
        try (MediaPlaneImpl plane = new MediaPlaneImpl(MediaPlaneConfig.loopback(), MediaListener.NONE)) {
            plane.createRouter("r").toCompletableFuture().get(5, TimeUnit.SECONDS);
            TestPeer pub = peer(plane, "pub", peers);
            TestPeer sub = peer(plane, "sub", peers);
            TestPeer watch = peer(plane, "watch", peers);
            get(plane.produce("pub", "p", kind.mediaKind, kind.params(), false, "a"));
            get(plane.produce("pub", "s", "audio", AudioPublisher.params(false, SENTINEL_SSRC), false, "a"));
            long sentinel = get(plane.consume("watch", "cs", "s", plane.routerCapabilities(), false, "w"))
                    .rtpParameters().encodings().get(0).ssrc();
            long worker = workerThread(existing);
            Supplier<Long> allocated = () -> mx.getThreadAllocatedBytes(worker);
            Bursts bursts = new Bursts(kind, pub, sub, watch, sentinel);
            bursts.send(true);
            bursts.send(false); // the producer's layers are known before anyone subscribes
            for (int round = 0; round < 3; round++) { // warm-up (JIT): creation, forwarding, SRTP, closing
                List<String> ids = create(plane, "w" + round + "-", ConsumerOptions.paused(false), N);
                bursts.send(true);
                for (int i = 0; i < 5; i++) {
                    bursts.send(false);
                }
                all(ids, plane::closeConsumer);
            }

            long before = allocated.get();
            List<String> paused = create(plane, "p-", new ConsumerOptions(true, true, false), N / 2);
            List<String> deselected = create(plane, "d-", new ConsumerOptions(false, false, false), N - N / 2);
            long created = (allocated.get() - before) / N;
            long sent0 = sent(plane);
            before = allocated.get();
            bursts.send(true);
            long passedBy = (allocated.get() - before) / N;
            long sent1 = sent(plane);
            String keptIdle = kept(plane);

            all(paused, plane::resumeConsumer);
            all(deselected, id -> plane.setConsumerSelected(id, true));
            before = allocated.get();
            bursts.send(true);
            long first = allocated.get() - before;
            long sent2 = sent(plane);
            long steady = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) { // the least of three: a once-a-second timer may fall into one
                before = allocated.get();
                bursts.send(false);
                steady = Math.min(steady, allocated.get() - before);
            }
            return new Row(kind, created, passedBy, (first - steady) / N, sent1 - sent0, sent2 - sent1, keptIdle,
                    kept(plane));
        } finally {
            peers.forEach(TestPeer::close);
        }
    }

    /**
     * Sends bursts of the kind's packets, then one sentinel Opus packet, and waits until the sentinel's consumer
     * delivered it: the worker has forwarded everything sent before it.
     */
    private static final class Bursts {
        private final Kind kind;
        private final TestPeer pub;
        private final TestPeer sub;
        private final TestPeer watch;
        private final long sentinelSsrc;
        private final SvcStream svc = new SvcStream(3, 2, 1, 0, 0);
        private final RtpPacket view = new RtpPacket();
        private int n;
        private int sentinelSeq;

        Bursts(Kind kind, TestPeer pub, TestPeer sub, TestPeer watch, long sentinelSsrc) {
            this.kind = kind;
            this.pub = pub;
            this.sub = sub;
            this.watch = watch;
            this.sentinelSsrc = sentinelSsrc;
        }

        void send(boolean key) throws Exception {
            for (int i = 0; i < 10; i++, n++) {
                boolean k = key && i == 0;
                switch (kind) {
                    case AUDIO -> pub.sendRtp(AudioPublisher.opus(AudioPublisher.SSRC, n, 960L * n, 30, true));
                    case VIDEO -> pub.sendRtp(LoopbackSfuTest.vp8(n & 0xFFFF, 3000L * n, k, n & 0xFFFF));
                    case VP8_SIMULCAST -> {
                        for (int s = 0; s < 3; s++) {
                            pub.sendRtp(SimulcastLoopbackTest.frame(s, n, k));
                        }
                    }
                    case VP9_SVC -> {
                        for (SvcStream.Packet p : svc.picture(n, k)) {
                            pub.sendRtp(p.rtp(SvcLoopbackTest.PT, SvcLoopbackTest.SSRC));
                        }
                    }
                }
            }
            int seq = sentinelSeq++;
            pub.sendRtp(AudioPublisher.opus(SENTINEL_SSRC, seq, 960L * seq, 30, true));
            while (true) {
                byte[] p = watch.nextRtp(10_000);
                assertNotNull(p, "the sentinel packet came through");
                if (view.wrap(p, 0, p.length) && view.ssrc() == sentinelSsrc && view.payloadLength() == 20) {
                    break;
                }
            }
            sub.rtp.clear();
            pub.rtcp.clear();
        }
    }

    private static List<String> create(MediaPlaneImpl plane, String prefix, ConsumerOptions options, int count)
            throws Exception {
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            ids.add(id);
            pending.add(plane.consume("sub", id, "p", plane.routerCapabilities(), options, "o")
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return ids;
    }

    private static void all(List<String> ids, java.util.function.Function<String, CompletionStage<Void>> call)
            throws Exception {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (String id : ids) {
            pending.add(call.apply(id).toCompletableFuture());
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    /**
     * The subscriber transport's consumers by their retransmission table, read on the worker: {@code plain} or
     * {@code layered}, and {@code none} or its slots.
     */
    private static String kept(MediaPlaneImpl plane) throws Exception {
        WebRtcTransport t = plane.transport("sub");
        return get(WorkerCalls.on(t.worker, () -> {
            Map<String, Integer> count = new TreeMap<>();
            for (Consumer c : t.consumers) {
                SentLayerMap layered = c.layers != null ? c.layers.sent : c.svc != null ? c.svc.sent : null;
                String key = layered != null
                        ? "layered:" + (layered.allocated() ? String.valueOf(layered.capacity()) : "none")
                        : "plain:" + (c.sent.allocated() ? String.valueOf(c.sent.capacity()) : "none");
                count.merge(key, 1, Integer::sum);
            }
            return count.toString();
        }));
    }

    /** RTP packets the subscriber transport sent so far. */
    private static long sent(MediaPlaneImpl plane) throws Exception {
        return ((Number) get(plane.transportStats("sub")).get(0).get("rtpPacketsSent")).longValue();
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static TestPeer peer(MediaPlaneImpl plane, String id, List<TestPeer> peers) throws Exception {
        TransportInfo info = get(plane.createWebRtcTransport("r", id, new TransportOptions(false, id)));
        TestPeer p = new TestPeer(info);
        peers.add(p);
        get(plane.connectTransport(id, p.fingerprint()));
        p.handshake();
        TestPeer.awaitServerConnected(plane, id);
        return p;
    }

    /** This plane's media worker (not one other tests left behind). */
    private static long workerThread(Set<Thread> existing) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("chorus-media-0") && !existing.contains(t)) {
                return t.getId();
            }
        }
        throw new AssertionError("media worker thread not found");
    }
}
