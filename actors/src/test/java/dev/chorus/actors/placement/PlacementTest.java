package dev.chorus.actors.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.actors.placement.Placement.NodeLoad;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementTest {

    /** nodes as "id=load", room as "id=peers", capacity, expected node. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("a=0", "", 3, "a", "single empty node"),
                Arguments.of("a=0,b=0,c=0", "", 3, "a", "all empty: smallest id"),
                Arguments.of("a=2,b=1,c=5", "", 3, "b", "new room: least loaded"),
                Arguments.of("a=2,b=0,c=0", "a=2", 3, "a", "fill the room's node up to capacity"),
                Arguments.of("a=3,b=0,c=1", "a=3", 3, "b", "room's node full: spill to least loaded"),
                Arguments.of("a=3,b=1,c=1", "a=3,c=1", 3, "c", "spill prefers a node the room already uses"),
                Arguments.of("a=2,b=2,c=0", "a=1,b=2", 3, "b", "among the room's nodes, the one with most of the room"),
                Arguments.of("a=1,b=2,c=0", "a=1,b=1", 3, "a", "room tie: less loaded node"),
                Arguments.of("a=1,b=1,c=0", "a=1,b=1", 3, "a", "room and load tie: smaller id"),
                Arguments.of("a=1,b=0,c=0", "a=1", 1, "b", "capacity 1: second peer spills"),
                Arguments.of("a=1,b=1,c=0", "a=1,b=1", 1, "c", "capacity 1: third peer to the third node"),
                Arguments.of("a=1,b=1,c=1", "a=1,b=1,c=1", 1, "a", "everything full: least loaded, smallest id"),
                Arguments.of("a=5,b=4,c=6", "a=5", 3, "b", "everything over capacity: least loaded"),
                Arguments.of("a=2,b=0", "x=4", 3, "b", "room counts for unknown nodes are ignored"),
                Arguments.of("a=10,b=3", "a=1", 50, "a", "room node not full: stays even if busier"));
    }

    @ParameterizedTest(name = "{4}")
    @MethodSource("table")
    void choosesTheExpectedNode(String nodes, String room, int capacity, String expected, String why) {
        assertEquals(Optional.of(expected), Placement.choose(nodes(nodes), counts(room), capacity), why);
    }

    @Test
    void noNodesMeansNoPlacement() {
        assertEquals(Optional.empty(), Placement.choose(List.of(), Map.of(), 3));
    }

    @Test
    void invalidInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Placement.choose(nodes("a=0"), Map.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new NodeLoad("a", -1));
    }

    @Test
    void placingOneByOneFillsNodesInTurn() {
        // 7 peers, capacity 3, 3 nodes: a gets 3, then b 3, then c 1 — the room spreads only when it must.
        Map<String, Integer> load = new HashMap<>(Map.of("a", 0, "b", 0, "c", 0));
        Map<String, Integer> room = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            List<NodeLoad> nodes = load.entrySet().stream().map(e -> new NodeLoad(e.getKey(), e.getValue())).toList();
            String n = Placement.choose(nodes, room, 3).orElseThrow();
            order.add(n);
            load.merge(n, 1, Integer::sum);
            room.merge(n, 1, Integer::sum);
        }
        assertEquals(List.of("a", "a", "a", "b", "b", "b", "c"), order);
        assertTrue(load.values().stream().allMatch(v -> v <= 3));
    }

    private static List<NodeLoad> nodes(String spec) {
        List<NodeLoad> out = new ArrayList<>();
        counts(spec).forEach((k, v) -> out.add(new NodeLoad(k, v)));
        return out;
    }

    private static Map<String, Integer> counts(String spec) {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        if (!spec.isEmpty()) {
            for (String kv : spec.split(",")) {
                String[] p = kv.split("=");
                m.put(p[0], Integer.parseInt(p[1]));
            }
        }
        return m;
    }
}
