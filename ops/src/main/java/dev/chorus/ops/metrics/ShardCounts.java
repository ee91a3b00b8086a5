package dev.chorus.ops.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Shards and entities this node hosts, per entity type, asked of the local shard regions
 * ({@link GetShardRegionState}) before each scrape. The newest answers are kept; a type whose region does not
 * answer in time keeps its previous numbers (or has none yet), so a slow region never fails a scrape.
 */
final class ShardCounts {
    /** Shards and entities of one type on this node. */
    record Counts(int shards, int entities) {
    }

    private final ActorSystem<?> system;
    private final List<EntityTypeKey<?>> types;
    private final Duration timeout;
    private final AtomicReference<Map<String, Counts>> last = new AtomicReference<>(Map.of());

    ShardCounts(ActorSystem<?> system, List<EntityTypeKey<?>> types, Duration timeout) {
        this.system = system;
        this.types = types;
        this.timeout = timeout;
    }

    /** Asks every region; completes (never exceptionally) once all answered or timed out. */
    CompletionStage<Void> refresh() {
        List<CompletableFuture<Void>> asks = new ArrayList<>();
        ClusterSharding sharding = ClusterSharding.get(system);
        for (EntityTypeKey<?> type : types) {
            CompletionStage<ShardRegion.CurrentShardRegionState> ask = AskPattern.ask(sharding.shardState(),
                    replyTo -> new GetShardRegionState(type, replyTo), timeout, system.scheduler());
            asks.add(ask.toCompletableFuture().handle((state, error) -> {
                if (state != null) {
                    int entities = 0;
                    for (ShardRegion.ShardState s : state.getShards()) {
                        entities += s.getEntityIds().size();
                    }
                    Counts c = new Counts(state.getShards().size(), entities);
                    last.updateAndGet(m -> {
                        Map<String, Counts> next = new HashMap<>(m);
                        next.put(type.name(), c);
                        return Map.copyOf(next);
                    });
                }
                return null;
            }));
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new));
    }

    /** The newest counts by entity type name. */
    Map<String, Counts> current() {
        return last.get();
    }
}
