package dev.chorus.actors.cluster;

import static dev.chorus.actors.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.peer.SessionOut;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.media.engine.LoopbackSfuTest;
import dev.chorus.media.engine.TestPeer;
import dev.chorus.media.ortc.OrtcJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node of a three-node cluster crashes (its actor system and media plane stop without leaving the cluster)
 * during a call with one participant per node. The split-brain resolver downs it; its shards move to the
 * survivors, whose remembered entities continue from their replicated state. The two participants on surviving
 * nodes keep receiving each other's media without a gap; the participant whose media was on the lost node is told
 * to reconnect, is placed on a surviving node, and its new media reaches the others. No entity is lost.
 */
class NodeLossTest {
    private static final String ROOM = "loss-room";
    private static final String CONF = """
            chorus.cluster.capacity = 1
            chorus.peer.grace-period = 0s
            pekko.coordinated-shutdown.run-by-actor-system-terminate = off
            pekko.cluster.split-brain-resolver.stable-after = 2s
            pekko.cluster.failure-detector.acceptable-heartbeat-pause = 2s
            pekko.cluster.failure-detector.heartbeat-interval = 500ms
            """;
    private static final List<ChorusTestNode> nodes = new ArrayList<>();
    private static final List<TestPeer> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        nodes.addAll(ClusterClients.startCluster("loss", CONF, 3));
    }

    @AfterAll
    static void stopCluster() {
        ClusterClients.stop(nodes, clients);
    }


    private static String produce(ClusterClients.Participant p) {
        ObjectNode produce = obj("{'kind':'video','appData':{'source':'webcam'}}");
        produce.put("transportId", p.transportId());
        produce.set("rtpParameters", OrtcJson.toJson(LoopbackSfuTest.publisherParams()));
        return p.session().ok("produce", produce).get("id").asText();
    }

    /** Entities per type summed over the regions of {@code live} nodes (as /cluster/shards shows them). */
    private static Map<String, Integer> entities(ChorusTestNode viewer) {
        Map<String, Integer> out = new HashMap<>();
        for (String type : List.of("Room", "Peer", "Producer", "Consumer")) {
            TestProbe<ShardRegion.ClusterShardingStats> probe = viewer.testKit().createTestProbe();
            var key = switch (type) {
                case "Room" -> RoomEntity.TYPE_KEY;
                case "Peer" -> dev.chorus.actors.peer.PeerEntity.TYPE_KEY;
                case "Producer" -> dev.chorus.actors.stream.ProducerEntity.TYPE_KEY;
                default -> dev.chorus.actors.stream.ConsumerEntity.TYPE_KEY;
            };
            ClusterSharding.get(viewer.testKit().system()).shardState()
                    .tell(new GetClusterShardingStats(key, Duration.ofSeconds(3), probe.ref()));
            int n = 0;
            for (var region : probe.receiveMessage(Duration.ofSeconds(5)).getRegions().values()) {
                for (Object c : region.getStats().values()) {
                    n += ((Number) c).intValue();
                }
            }
            out.put(type, n);
        }
        return out;
    }

    @Test
    void survivorsKeepTheirMediaAndTheAffectedParticipantIsReplaced() throws Exception {
        ChorusTestNode signaling = nodes.get(0);
        List<ClusterClients.Participant> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ps.add(ClusterClients.participant(signaling, ROOM, "p" + i, true, true, clients));
        }
        for (ClusterClients.Participant p : ps) {
            produce(p);
        }
        for (ClusterClients.Participant p : ps) {
            for (int k = 0; k < 2; k++) {
                p.session().answer(p.session().request("newConsumer"), true);
            }
        }
        TestProbe<RoomEntity.RoomInfo> info = signaling.testKit().createTestProbe();
        signaling.room(ROOM).tell(new RoomEntity.GetInfo(info.ref()));
        Map<String, String> placed = new HashMap<>();
        info.receiveMessage(Duration.ofSeconds(5)).peers().forEach(m -> placed.put(m.id(), m.nodeId()));
        assertEquals(3, new java.util.HashSet<>(placed.values()).size(), "one participant per node: " + placed);
        // The victim: a participant whose media is not on the node that holds the test's signaling sessions.
        String victim = ps.stream().map(ClusterClients.Participant::id)
                .filter(id -> !placed.get(id).equals(signaling.nodeId())).findFirst().orElseThrow();
        ChorusTestNode lost = nodes.stream().filter(n -> n.nodeId().equals(placed.get(victim))).findFirst().orElseThrow();
        List<ClusterClients.Participant> survivors = ps.stream().filter(p -> !p.id().equals(victim)).toList();
        ClusterClients.Participant a = survivors.get(0);
        ClusterClients.Participant b = survivors.get(1);

        int[] seq = {1};
        flowing(a, b, seq);
        flowing(b, a, seq);
        ClusterClients.await(() -> entities(signaling).equals(Map.of("Room", 1, "Peer", 3, "Producer", 3,
                "Consumer", 6)), "entities before: " + entities(signaling));

        lost.crash();
        nodes.remove(lost);

        // Survivors: media between them keeps flowing while the cluster reacts (no gap in a counted burst).
        for (int round = 0; round < 5; round++) {
            burst(a, b, seq, 50);
            burst(b, a, seq, 50);
            Thread.sleep(500);
        }
        // The victim is told to reconnect; it comes back through the same signaling node and is placed again.
        ClusterClients.Participant v = ps.stream().filter(p -> p.id().equals(victim)).findFirst().orElseThrow();
        // (Downing takes a few seconds, and the peer's entity may itself have to move to a survivor first.)
        SessionOut.Close close = v.session().closeMessage(Duration.ofSeconds(30));
        assertEquals(4001, close.code(), close.toString());
        ClusterClients.Participant back = ClusterClients.participant(signaling, ROOM, victim, true, true, clients);
        for (int k = 0; k < 2; k++) {
            back.session().answer(back.session().request("newConsumer"), true);
        }
        produce(back);
        for (ClusterClients.Participant s : survivors) {
            s.session().answer(s.session().request("newConsumer"), true);
        }
        flowing(back, a, seq);
        flowing(back, b, seq);
        flowing(a, back, seq);
        // The survivors' peers still serve requests (their entities kept their state, wherever they run now).
        a.session().ok("getTransportStats", obj("{'transportId':'" + a.transportId() + "'}"));
        ClusterClients.await(() -> entities(signaling).equals(Map.of("Room", 1, "Peer", 3, "Producer", 3,
                "Consumer", 6)), "no entity lost: " + entities(signaling), Duration.ofSeconds(30));
    }

    /** Sends key frames from {@code from} until {@code to} receives one. */
    private static void flowing(ClusterClients.Participant from, ClusterClients.Participant to, int[] seq)
            throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            from.media().sendRtp(LoopbackSfuTest.vp8(seq[0], 3000L * seq[0], true, seq[0]));
            seq[0]++;
            if (to.rx().nextRtp(100) != null) {
                to.rx().rtp.clear();
                return;
            }
        }
        throw new AssertionError(to.id() + " receives nothing from " + from.id());
    }

    private static void burst(ClusterClients.Participant from, ClusterClients.Participant to, int[] seq, int n)
            throws Exception {
        Thread.sleep(50);
        to.rx().rtp.clear();
        for (int i = 0; i < n; i++) {
            from.media().sendRtp(LoopbackSfuTest.vp8(seq[0], 3000L * seq[0], false, seq[0]));
            seq[0]++;
        }
        for (int i = 0; i < n; i++) {
            assertNotNull(to.rx().nextRtp(3000), to.id() + " missed packet " + i + " from " + from.id());
        }
    }
}
