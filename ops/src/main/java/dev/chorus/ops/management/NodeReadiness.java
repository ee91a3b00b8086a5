package dev.chorus.ops.management;

import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * Per-ActorSystem flag saying this node can take traffic: its media plane is started and its signaling HTTP server
 * is bound. {@code ChorusNode} marks it once both hold; {@link NodeReadinessCheck} reports it to Pekko Management's
 * {@code /health/ready}. An extension (not a static) so that several nodes in one JVM each have their own flag.
 */
public final class NodeReadiness implements Extension {
    private static final Id ID = new Id();

    private volatile boolean ready;

    private NodeReadiness() {
    }

    /** The flag of the given actor system (created, not ready, on first use). */
    public static NodeReadiness get(ClassicActorSystemProvider system) {
        return ID.get(system);
    }

    /** Media plane started and signaling HTTP bound: from now on the node reports ready (if its member is Up). */
    public void markReady() {
        ready = true;
    }

    public boolean isReady() {
        return ready;
    }

    private static final class Id extends AbstractExtensionId<NodeReadiness> {
        @Override
        public NodeReadiness createExtension(ExtendedActorSystem system) {
            return new NodeReadiness();
        }
    }
}
