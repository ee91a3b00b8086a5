package dev.chorus.actors.guard;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * The node's refusal counter: every refusal made on this node (signaling, REST, peers and rooms living here) is
 * tallied in memory and passed on to the sinks added with {@link #addSink} (a metrics exporter). An extension, so
 * several nodes in one JVM (tests) each count their own.
 */
public final class Refusals implements Extension, RefusalCounter {
    private static final Id ID = new Id();

    private final RefusalCounts counts = new RefusalCounts();
    private final List<RefusalCounter> sinks = new CopyOnWriteArrayList<>();

    private Refusals() {
    }

    public static Refusals get(ClassicActorSystemProvider system) {
        return ID.get(system);
    }

    @Override
    public void refused(Refusal reason) {
        counts.refused(reason);
        for (RefusalCounter s : sinks) {
            s.refused(reason);
        }
    }

    /** Refusals from now on are also passed to {@code sink} (e.g. a Prometheus counter labelled by reason). */
    public void addSink(RefusalCounter sink) {
        sinks.add(sink);
    }

    public long count(Refusal reason) {
        return counts.count(reason);
    }

    public Map<Refusal, Long> snapshot() {
        return counts.snapshot();
    }

    private static final class Id extends AbstractExtensionId<Refusals> {
        @Override
        public Refusals createExtension(ExtendedActorSystem system) {
            return new Refusals();
        }
    }
}
