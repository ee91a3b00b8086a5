package dev.chorus.actors.guard;

/**
 * Where refusals are counted: the one narrow interface the code that refuses talks to, so the counts can go to an
 * in-memory tally ({@link RefusalCounts}) and to whatever metrics system the node exports (added through
 * {@link Refusals#addSink}). Called on the refusing thread (an actor, a stream stage, an HTTP route): it must be
 * cheap and never block.
 */
@FunctionalInterface
public interface RefusalCounter {
    void refused(Refusal reason);
}
