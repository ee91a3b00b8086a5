package dev.chorus.ops;

import java.util.concurrent.ForkJoinPool;

/**
 * Keeps the JVM from starting a thread per asynchronous callback on small machines.
 *
 * <p>Pekko's {@code ask} returns Scala's {@code FutureConverters} CompletableFuture, which runs every callback
 * registered on it (even {@code whenComplete}, {@code handle}, {@code thenApply}) asynchronously on the default
 * executor. The JDK's default executor is the common {@link ForkJoinPool}, except when its parallelism is below 2:
 * then every asynchronous task gets a new thread. The common pool's parallelism defaults to cores − 1, so on a 1- or
 * 2-core machine (a small VM, a container with a CPU limit, a node pinned with {@code taskset}) each ask between
 * entities and the media node started a thread: about 900 a second while a 100-person room was joining, which used
 * up the CPU. Setting the parallelism to at least 2 before the pool is first used keeps those callbacks on the pool.
 */
final class CommonPool {
    static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private CommonPool() {
    }

    /** Call first thing in {@code main}: sets the common pool's parallelism to at least 2 unless it was set. */
    static void ensureParallelism() {
        if (System.getProperty(PARALLELISM) == null) {
            int cores = Runtime.getRuntime().availableProcessors();
            System.setProperty(PARALLELISM, Integer.toString(Math.max(2, cores - 1)));
        }
    }

    /** The common pool's parallelism, as the JVM applied it. */
    static int parallelism() {
        return ForkJoinPool.getCommonPoolParallelism();
    }
}
