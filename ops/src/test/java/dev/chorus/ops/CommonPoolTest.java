package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On a JVM that sees two CPUs, the common pool's default parallelism is 1 and the JDK then runs every
 * asynchronous CompletableFuture callback on a new thread. {@link CommonPool#ensureParallelism} (the first thing the
 * node's {@code main} does) must prevent that: checked in fresh JVMs limited to one and two CPUs, counting the
 * threads 200 asynchronous callbacks start.
 */
class CommonPoolTest {

    /** Run in a child JVM: prints "parallelism threadsStarted". */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("ensure")) {
            CommonPool.ensureParallelism();
        }
        long before = java.lang.management.ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
        CompletableFuture<Integer> chain = CompletableFuture.completedFuture(0);
        for (int i = 0; i < 200; i++) {
            chain = chain.thenApplyAsync(x -> x + 1);
        }
        chain.get(30, TimeUnit.SECONDS);
        long started = java.lang.management.ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before;
        System.out.println(CommonPool.parallelism() + " " + started);
    }

    private static long[] child(int cpus, boolean ensure) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-XX:ActiveProcessorCount=" + cpus, "-cp",
                System.getProperty("java.class.path"), CommonPoolTest.class.getName(), ensure ? "ensure" : "plain"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        String[] last = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        return new long[] {Long.parseLong(last[0]), Long.parseLong(last[1])};
    }

    @Test
    void withoutTheSettingTwoCpusStartAThreadPerCallback() throws Exception {
        long[] plain = child(2, false);
        assertEquals(1, plain[0], "the JDK's default on two CPUs");
        assertEquals(200, plain[1], "one thread per asynchronous callback: this is the problem being fixed");
    }

    @Test
    void ensureParallelismKeepsCallbacksOnThePool() throws Exception {
        for (int cpus : new int[] {1, 2}) {
            long[] fixed = child(cpus, true);
            assertEquals(2, fixed[0], cpus + " cpu(s)");
            assertEquals(true, fixed[1] <= 2, cpus + " cpu(s): threads started for 200 callbacks: " + fixed[1]);
        }
    }
}
