package dev.chorus.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * The control plane runs below the media threads: a JVM started with the launchers' flags (docs/deploy.md, "Thread
 * priorities") runs the node's dispatcher threads ({@link BackgroundForkJoinConfigurator}, configured in
 * chorus-actors.conf) at nice 10 while a thread of normal priority, as the media threads are, stays at the nice
 * it started with. Runs a child JVM, since the flags only act at JVM start; reads nice values from /proc (Linux).
 */
class DispatcherPriorityTest {
    static final List<String> FLAGS = List.of("-XX:ThreadPriorityPolicy=1",
            "-XX:JavaPriority3_To_OSPriority=10", "-XX:JavaPriority4_To_OSPriority=5");

    @Test
    void dispatcherThreadsRunTenNiceStepsBelowNormalThreads() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(FLAGS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        String line = out.lines().filter(l -> l.startsWith("nice ")).findFirst().orElseThrow(() -> new AssertionError(out));
        String[] f = line.split(" ");
        int normal = Integer.parseInt(f[1]);
        int dispatcher = Integer.parseInt(f[2]);
        assertEquals(normal + 10, dispatcher, () -> "normal thread vs default-dispatcher thread: " + out);
    }

    /** The child JVM: prints "nice <normal thread> <default-dispatcher thread>". */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Config config = ConfigFactory.parseString("pekko.actor.provider = local")
                    .withFallback(ConfigFactory.parseResources("chorus-actors.conf"))
                    .withFallback(ConfigFactory.load()).resolve();
            CompletableFuture<Integer> normal = new CompletableFuture<>();
            Thread t = new Thread(() -> normal.complete(nice()), "normal");
            t.start();
            ActorSystem<Integer> system = ActorSystem.create(Behaviors.<Integer>setup(ctx -> {
                ctx.getSelf().tell(0);
                return Behaviors.receiveMessage(m -> {
                    System.out.println("nice " + normal.get(10, TimeUnit.SECONDS) + " " + nice());
                    return Behaviors.stopped();
                });
            }), "priority", config);
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            System.out.flush();
        }

        /** The calling thread's nice value (field 19 of /proc/thread-self/stat). */
        static int nice() {
            try {
                String stat = Files.readString(Path.of("/proc/thread-self/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Integer.parseInt(f[16]);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
