package dev.chorus.actors;

import com.typesafe.config.Config;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ForkJoinExecutorConfigurator;

/**
 * A fork-join dispatcher executor (configured as {@code executor = "dev.chorus.actors.BackgroundForkJoinConfigurator"}
 * with the usual {@code fork-join-executor} section) whose threads run at {@link #PRIORITY}, below the media
 * threads. The control plane's work can wait; the packet path cannot: under a join storm the actors were runnable on
 * every core and the media worker, at an equal share, fell seconds behind (docs/benchmarks.md).
 *
 * <p>Java priorities reach Linux only with {@code -XX:ThreadPriorityPolicy=1}, which the node's launchers pass
 * (Dockerfile, systemd unit, ops/scripts/bench.sh; docs/deploy.md). There a lower priority is a higher nice value,
 * which needs no privilege. Without that flag, as in tests, priorities are ignored and nothing changes.
 */
public final class BackgroundForkJoinConfigurator extends ForkJoinExecutorConfigurator {
    /** Java priority of control-plane threads: below {@link Thread#NORM_PRIORITY}, at which media threads run. */
    public static final int PRIORITY = Thread.NORM_PRIORITY - 2;

    public BackgroundForkJoinConfigurator(Config config, DispatcherPrerequisites prerequisites) {
        super(config.getConfig("fork-join-executor"), prerequisites);
    }

    @Override
    public ForkJoinPool.ForkJoinWorkerThreadFactory validate(ThreadFactory threadFactory) {
        ForkJoinPool.ForkJoinWorkerThreadFactory delegate = super.validate(threadFactory);
        return pool -> {
            ForkJoinWorkerThread t = delegate.newThread(pool);
            if (t != null) {
                t.setPriority(PRIORITY);
            }
            return t;
        };
    }
}
