package dev.chorus.actors.peer;

import dev.chorus.actors.media.NodeRef;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A peer's asynchronous steps in flight (media operations, room and entity asks, client answers), each a
 * continuation under a token that is resumed inside the actor when its {@link PeerEntity.Continue} arrives. Steps
 * belong to a session generation: when a session is replaced or ends, results of older steps are never acted on,
 * and whatever they created is closed. Teardown steps run whatever the generation.
 */
final class PeerSteps {
    /** {@code node}: where a media step ran, so a stale result is cleaned up there. */
    private record Pending(long generation, BiConsumer<Object, Throwable> continuation, NodeRef node) {
    }

    private final Map<Long, Pending> pending = new HashMap<>();
    private long nextToken = 1;
    private long generation;

    /** Registers a step of the current session; {@code on} is the media node it runs on, or null. */
    long register(BiConsumer<Object, Throwable> continuation, NodeRef on) {
        long token = nextToken++;
        pending.put(token, new Pending(generation, continuation, on));
        return token;
    }

    /** Registers a step that must run even if the session is replaced meanwhile (teardown steps). */
    long registerAlways(BiConsumer<Object, Throwable> continuation) {
        long token = nextToken++;
        pending.put(token, new Pending(-1, continuation, null));
        return token;
    }

    /** The session was replaced or ended: steps registered so far are stale. */
    void newGeneration() {
        generation++;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Resumes the step of {@code c}, or, if it is stale, closes whatever it created. */
    void complete(PeerEntity.Continue c, ActorSystem<?> system) {
        Pending p = pending.remove(c.token());
        if (p == null) {
            return;
        }
        if (p.generation() < 0 || p.generation() == generation) {
            p.continuation().accept(c.value(), c.error());
        } else {
            StaleResults.cleanUp(c.value(), p.node() == null ? null : p.node().media(), system);
        }
    }
}
