package dev.chorus.ops.management;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * Pekko Management readiness check (configured under {@code pekko.management.health-checks.readiness-checks}):
 * ready once {@link NodeReadiness#markReady()} was called on this actor system. Pekko creates it through the
 * constructor taking the classic {@link ActorSystem}.
 */
public final class NodeReadinessCheck implements Supplier<CompletionStage<Boolean>> {
    private final NodeReadiness readiness;

    public NodeReadinessCheck(ActorSystem system) {
        this.readiness = NodeReadiness.get(system);
    }

    @Override
    public CompletionStage<Boolean> get() {
        return CompletableFuture.completedFuture(readiness.isReady());
    }
}
