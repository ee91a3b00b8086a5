package dev.chorus.ops.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The Pekko cluster as this node sees it, read at scrape time: members by status, unreachable members, whether
 * this node is Up and whether it is the leader, and the shards and entities it hosts per entity type
 * ({@link ShardCounts}).
 */
final class ClusterCollector implements MultiCollector {
    /** Every status gets a series (0 when none), so dashboards and alerts see stable series. */
    private static final String[] STATUSES = {"joining", "weakly_up", "up", "leaving", "exiting", "down", "removed",
            "preparing_for_shutdown", "ready_for_shutdown"};

    private final ActorSystem<?> system;
    private final ShardCounts shards;

    ClusterCollector(ActorSystem<?> system, ShardCounts shards) {
        this.system = system;
        this.shards = shards;
    }

    @Override
    public MetricSnapshots collect() {
        Cluster cluster = Cluster.get(system);
        ClusterEvent.CurrentClusterState state = cluster.state();
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (String s : STATUSES) {
            byStatus.put(s, 0);
        }
        for (Member m : state.getMembers()) {
            byStatus.merge(status(m.status()), 1, Integer::sum);
        }
        Family members = Family.gauge("chorus_cluster_members", "Cluster members this node knows of, by status.");
        byStatus.forEach((s, n) -> members.add(n, "status", s));
        Member self = cluster.selfMember();
        boolean leader = state.getLeader() != null && state.getLeader().equals(self.address());
        Family shardFamily = Family.gauge("chorus_cluster_shards", "Shards hosted on this node, by entity type.");
        Family entityFamily = Family.gauge("chorus_cluster_entities",
                "Sharded entities (rooms, peers, producers, consumers) running on this node, by entity type.");
        shards.current().forEach((type, c) -> {
            String t = type.toLowerCase(Locale.ROOT);
            shardFamily.add(c.shards(), "type", t);
            entityFamily.add(c.entities(), "type", t);
        });
        return MetricSnapshots.of(members.build(),
                Family.gauge("chorus_cluster_unreachable_members", "Members this node sees as unreachable.")
                        .add(state.getUnreachable().size()).build(),
                Family.gauge("chorus_cluster_member_up", "1 when this node's member is Up (or WeaklyUp), else 0.")
                        .add(self.status() == MemberStatus.up() || self.status() == MemberStatus.weaklyUp() ? 1 : 0)
                        .build(),
                Family.gauge("chorus_cluster_leader", "1 when this node is the cluster leader, else 0.")
                        .add(leader ? 1 : 0).build(),
                shardFamily.build(), entityFamily.build());
    }

    /** "WeaklyUp" becomes "weakly_up". */
    static String status(MemberStatus s) {
        String name = s.toString();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                sb.append('_');
            }
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }
}
