package dev.chorus.actors.state;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live state of one entity type, replicated in memory across the cluster with Pekko Distributed Data, so an
 * entity restarted on another node after a node loss (or a rebalance) continues where it was. States are kept in
 * {@value #BUCKETS} last-writer-wins maps per type (delta-replicated); writes reach a majority of the nodes,
 * reads ask a majority and fall back to the local replica. Never on the packet path: entities save when their
 * control state changes.
 */
public final class EntityStateStore<S> {
    private static final Logger LOG = LoggerFactory.getLogger(EntityStateStore.class);
    /**
     * Keys per entity type. The Replicator merges a whole map on every write, so a write costs O(entries in its
     * bucket): with 16 buckets, a 100-person audio room (about 10,000 consumers) put 600 consumers in each, and
     * the merges took a quarter of the node's CPU while people joined. 1024 buckets keep a bucket to a few dozen
     * entries at that size (a few hundred for the 250,000 consumers of a 500-person room), for 3 × 1024 top-level
     * keys in all, well under Distributed Data's advised maximum of 100,000.
     */
    static final int BUCKETS = 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final ActorSystem<?> system;
    private final ActorRef<Replicator.Command> replicator;
    private final SelfUniqueAddress self;
    private final String type;
    private final Class<S> stateClass;

    public EntityStateStore(ActorSystem<?> system, String type, Class<S> stateClass) {
        this.system = system;
        this.replicator = DistributedData.get(system).replicator();
        this.self = DistributedData.get(system).selfUniqueAddress();
        this.type = type;
        this.stateClass = stateClass;
    }

    private Key<LWWMap<String, S>> key(String entityId) {
        return LWWMapKey.create("chorus-" + type + "-" + Math.floorMod(entityId.hashCode(), BUCKETS));
    }

    /** The saved state of {@code entityId}, if any. */
    public CompletionStage<Optional<S>> load(String entityId) {
        return get(entityId, new Replicator.ReadMajority(TIMEOUT))
                .exceptionallyCompose(e -> {
                    LOG.debug("{} {}: majority read failed ({}), reading locally", type, entityId, e.toString());
                    return get(entityId, Replicator.readLocal());
                });
    }

    private CompletionStage<Optional<S>> get(String entityId, Replicator.ReadConsistency consistency) {
        Key<LWWMap<String, S>> key = key(entityId);
        CompletionStage<Replicator.GetResponse<LWWMap<String, S>>> reply = AskPattern.ask(replicator,
                replyTo -> new Replicator.Get<>(key, consistency, replyTo), TIMEOUT.plusSeconds(1), system.scheduler());
        return reply.thenCompose(r -> {
            if (r instanceof Replicator.GetSuccess<LWWMap<String, S>> ok) {
                Object value = ok.get(key).getEntries().get(entityId);
                return CompletableFuture.completedFuture(Optional.ofNullable(stateClass.cast(value)));
            }
            if (r instanceof Replicator.NotFound<LWWMap<String, S>>) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return CompletableFuture.failedFuture(new IllegalStateException("replicator: " + r));
        });
    }

    /** Saves {@code state} (to a majority of nodes; the caller does not wait). */
    public void save(String entityId, S state) {
        update(entityId, m -> m.put(self, entityId, state));
    }

    /** Forgets the entity's state (it ended for good). */
    public void remove(String entityId) {
        update(entityId, m -> m.remove(self, entityId));
    }

    private void update(String entityId, java.util.function.Function<LWWMap<String, S>, LWWMap<String, S>> modify) {
        Key<LWWMap<String, S>> key = key(entityId);
        AskPattern.<Replicator.Command, Replicator.UpdateResponse<LWWMap<String, S>>>ask(replicator,
                        replyTo -> new Replicator.Update<>(key, LWWMap.empty(), new Replicator.WriteMajority(TIMEOUT),
                                replyTo, modify::apply),
                        TIMEOUT.plusSeconds(1), system.scheduler())
                .whenComplete((r, e) -> {
                    if (e != null || !(r instanceof Replicator.UpdateSuccess)) {
                        // Written locally all the same; gossip spreads it. Only a crash right now could lose it.
                        LOG.debug("{} {}: majority write not confirmed: {}", type, entityId, e != null ? e : r);
                    }
                });
    }
}
