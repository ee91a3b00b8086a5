package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.simulcast.LayerSelector;
import dev.chorus.media.simulcast.LayerStats;
import dev.chorus.media.simulcast.SvcForwarder;
import dev.chorus.media.simulcast.SvcStream;
import dev.chorus.media.simulcast.Vp9Descriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decisions of an SVC consumer ({@link SvcForwarder} through {@link SvcLayers#decide}, as the engine runs them)
 * on a synthetic three-layer K-SVC stream ({@link SvcStream}: L3T3_KEY-like, two packets per layer frame), table by
 * table: which layers of each picture are forwarded as preferences, budget and key pictures come and go, which
 * layers are reported, and when key pictures are asked for. Every row also checks the invariants: complete layer
 * frames only, one marker per forwarded picture on its last forwarded packet, producer timestamps, gap-free output
 * sequence numbers (input and output both wrap around 65535 during the scenario), and that every output number
 * maps back, for retransmission, to exactly the packet it carried with the marker it was sent with.
 *
 * <p>The producer runs {@code warmUp} pictures (its layer statistics fill, as when a subscriber joins a running
 * stream) before the consumer sees any; picture numbers in the table are counted from there. One picture is 33 ms
 * (plus any {@code "gap ms"} event, a pause in the producer's sending); the consumer re-targets before every
 * picture (the engine does every 100 ms).
 */
class SvcLayersTest {
    private static final int WARM_UP = 72;
    private static final int PACKETS_PER_LAYER = 2;
    private static final int FIRST_IN_SEQ = 65_536 - WARM_UP * 3 * PACKETS_PER_LAYER - 20;
    private static final int FIRST_OUT_SEQ = 65_530;

    /**
     * One row: the consumer's preference at start (-1: none given), key pictures, events by picture
     * ({@code "prefer s/t"}, {@code "budget bps"}, {@code "reset"}, {@code "gap ms"}), and what is expected per
     * picture: the highest
     * spatial layer forwarded ('.' for nothing), whether a key picture was asked for while handling it ('k'), and
     * the layer reports in order.
     */
    static Stream<Arguments> rows() {
        return Stream.of(
                row("all layers from the first key picture on", -1, WARM_UP, "4", Map.of(),
                        "....22222222", "kkkkk.......", "2/2"),
                row("preferring spatial 0: only the base layer", 0, WARM_UP, "4", Map.of(),
                        "....00000000", "kkkkk.......", "0/2"),
                row("down at once, at the next picture", -1, WARM_UP, "0", Map.of(4, "prefer 0/2"),
                        "22220000", "k.......", "2/2 0/2"),
                row("down to the middle layer at once", -1, WARM_UP, "0", Map.of(3, "prefer 1/2"),
                        "22211111", "k.......", "2/2 1/2"),
                row("up only at a key picture, which is asked for", 0, WARM_UP, "0,9", Map.of(2, "prefer 2/2"),
                        "000000000222", "k.kkkkkkkk..", "0/2 2/2"),
                row("up by one layer", 0, WARM_UP, "0,6", Map.of(2, "prefer 1/2"),
                        "0000001111", "k.kkkkk...", "0/2 1/2"),
                row("temporal: down at once, up at switching points", -1, WARM_UP, "0",
                        Map.of(4, "prefer 2/0", 8, "prefer 2/2"),
                        "22222...2.2.2222", "k...............", "2/2 2/0 2/1 2/2"),
                row("temporal preference on the preferred spatial layer", 1, WARM_UP, "0", Map.of(4, "prefer 1/1"),
                        "11111.1.1.1.", "k...........", "1/2 1/1"),
                row("a budget picks the highest layers that fit, a key picture lifts them again", -1, WARM_UP,
                        "0,16", Map.of(4, "budget 4600", 12, "budget " + LayerSelector.UNLIMITED),
                        "22221...1...1.1.2222", "k...........kkkkk...", "2/2 1/0 1/1 2/2"),
                row("a budget between layers: spatial first", -1, WARM_UP, "0", Map.of(2, "budget 10000"),
                        "22..2...2...", "k...........", "2/2 2/0"),
                row("nothing fits the budget: the base layers", -1, WARM_UP, "0", Map.of(0, "budget 1000"),
                        "0...0...0...0...", "k...............", "0/0"),
                row("a restart waits for the next key picture and numbering continues", -1, WARM_UP, "0,8",
                        Map.of(4, "reset"), "2222....2222", "k...kkkkk...", "2/2 -1/-1 2/2"),
                row("cold start: the first key picture goes up to the preference, temporal layers follow the stats",
                        -1, 0, "0,6", Map.of(), "2.2.22222222", "............", "2/2 2/0 2/1 2/2"),
                row("cold start preferring spatial 1", 1, 0, "0", Map.of(), "1.1.11111111", "............",
                        "1/2 1/0 1/1 1/2"),
                row("cold start with a budget: the base layers until the statistics know more", -1, 0, "0",
                        Map.of(0, "budget 100"), "0...0...0...0...", "................", "0/0"),
                row("a gap in the producer's sending keeps the spatial layers (no key picture needed)", -1, WARM_UP,
                        "0", Map.of(4, "gap 2000"), "22222.2.2222", "k...........", "2/2 2/0 2/1 2/2"));
    }

    private static Arguments row(String name, int preferSpatial, int warmUp, String keys, Map<Integer, String> events,
                                 String forwarded, String requests, String layers) {
        Set<Integer> keySet = Stream.of(keys.split(",")).map(Integer::parseInt).collect(Collectors.toSet());
        return Arguments.of(name, preferSpatial, warmUp, keySet, events, forwarded, requests, layers);
    }

    /** One forwarded packet as the engine would send it and record it. */
    private record Sent(int out, int in, long ts, boolean marker) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decisions(String name, int preferSpatial, int warmUp, Set<Integer> keys, Map<Integer, String> events,
                   String forwarded, String requests, String layers) {
        LayerStats stats = new LayerStats(3);
        List<String> reported = new ArrayList<>();
        int[] keyRequests = {0};
        SvcForwarder f = new SvcForwarder(stats, 3, 3, new LayerSelector.Listener() {
            @Override
            public void keyFrameNeeded(int spatialLayer, long nowMs) {
                keyRequests[0]++;
            }

            @Override
            public void layersChanged(int spatialLayer, int temporalLayer) {
                reported.add(spatialLayer + "/" + temporalLayer);
            }
        }, 1234, FIRST_OUT_SEQ);
        SentLayerMap map = new SentLayerMap(2048);
        SvcStream stream = new SvcStream(3, PACKETS_PER_LAYER, FIRST_IN_SEQ + (WARM_UP - warmUp) * 6, 90_000, 7);
        Vp9Descriptor d = new Vp9Descriptor();
        for (int n = 0; n < warmUp; n++) {
            for (SvcStream.Packet p : stream.picture(n, n % 60 == 0)) {
                stats.onPacket(p.sid(), p.tid(), p.payload().length, n * 33L);
            }
        }
        if (preferSpatial >= 0) {
            f.setPreferredLayers(preferSpatial, Integer.MAX_VALUE);
        }
        StringBuilder gotForwarded = new StringBuilder();
        StringBuilder gotRequests = new StringBuilder();
        List<Sent> sent = new ArrayList<>();
        Map<Integer, Integer> inputByOutput = new HashMap<>();
        boolean wrappedIn = false;
        long shift = 0;
        for (int i = 0; i < forwarded.length(); i++) {
            int n = warmUp + i;
            String e = events.get(i);
            if (e != null && e.startsWith("gap ")) {
                shift += Long.parseLong(e.substring(4));
            }
            long now = n * 33L + shift;
            int before = keyRequests[0];
            if (e != null && !e.startsWith("gap ")) {
                String[] w = e.split(" ");
                switch (w[0]) {
                    case "prefer" -> f.setPreferredLayers(Integer.parseInt(w[1].split("/")[0]),
                            Integer.parseInt(w[1].split("/")[1]));
                    case "budget" -> f.setAvailableBitrate(Long.parseLong(w[1]));
                    case "reset" -> f.reset();
                    default -> throw new IllegalArgumentException(e);
                }
            }
            f.update(now);
            int top = -1;
            List<SvcStream.Packet> packets = stream.picture(n, keys.contains(i));
            List<Sent> picture = new ArrayList<>();
            for (SvcStream.Packet p : packets) {
                stats.onPacket(p.sid(), p.tid(), p.payload().length, now); // the producer side, first
                wrappedIn |= p.seq() == 0;
                assertTrue(d.parse(p.payload(), 0, p.payload().length));
                if (SvcLayers.decide(f, map, p.seq(), p.ts(), p.marker(), d, now)) {
                    assertEquals(p.ts(), f.outTimestamp(), "the producer's timestamp");
                    picture.add(new Sent(f.outSequenceNumber(), p.seq(), f.outTimestamp(), f.marker()));
                    inputByOutput.put(f.outSequenceNumber(), p.seq());
                    assertTrue(p.sid() >= top, "layers in order");
                    top = p.sid();
                }
            }
            gotForwarded.append(top < 0 ? '.' : (char) ('0' + top));
            gotRequests.append(keyRequests[0] > before ? 'k' : '.');
            if (top >= 0) {
                int expectedCount = (top + 1) * PACKETS_PER_LAYER;
                assertEquals(expectedCount, picture.size(), "complete layer frames 0.." + top + " of picture " + i);
                for (int k = 0; k < picture.size(); k++) {
                    assertEquals(k == picture.size() - 1, picture.get(k).marker(),
                            "one marker, on the last forwarded packet of picture " + i);
                }
            }
            sent.addAll(picture);
        }
        assertEquals(forwarded, gotForwarded.toString(), "highest spatial layer forwarded per picture");
        assertEquals(requests, gotRequests.toString(), "key pictures asked for");
        assertEquals(layers, String.join(" ", reported), "layers reported");
        assertTrue(wrappedIn, "the input sequence numbers wrapped during the scenario");
        for (int k = 1; k < sent.size(); k++) {
            assertEquals((sent.get(k - 1).out() + 1) & 0xFFFF, sent.get(k).out(), "gap-free output at " + k);
        }
        assertTrue(sent.stream().anyMatch(s -> s.out() == 0), "the output sequence numbers wrapped");
        for (Sent s : sent) {
            int slot = map.slot(s.out());
            assertTrue(slot >= 0, "output " + s.out() + " can be retransmitted");
            assertEquals(s.in(), map.inSeq(slot), "output " + s.out() + " maps to the packet it carried");
            assertEquals(0, map.stream(slot));
            assertEquals(s.ts(), map.timestamp(slot));
            assertEquals(s.marker(), map.marker(slot), "the retransmission carries the marker sent");
        }
        int next = (sent.get(sent.size() - 1).out() + 1) & 0xFFFF;
        assertEquals(-1, map.slot(next), "a number never sent maps to nothing");
        assertEquals(sent.size(), inputByOutput.size(), "each output number used once");
    }
}
