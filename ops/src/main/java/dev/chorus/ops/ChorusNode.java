package dev.chorus.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.actors.ChorusGuardian;
import dev.chorus.actors.media.MediaEventRelay;
import dev.chorus.http.HttpServer;
import dev.chorus.media.engine.MediaPlaneImpl;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * A running Chorus node: media plane, actor system (cluster, sharding, MediaNode) and HTTP server.
 * {@link #main} starts one from {@code application.conf} and prints the meeting URL once it is ready.
 */
public final class ChorusNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChorusNode.class);

    private final MediaPlaneImpl media;
    private final ActorSystem<ChorusGuardian.GetMediaNode> system;
    private final ServerBinding binding;
    private final String url;

    private ChorusNode(MediaPlaneImpl media, ActorSystem<ChorusGuardian.GetMediaNode> system, ServerBinding binding,
                       String url) {
        this.media = media;
        this.system = system;
        this.binding = binding;
        this.url = url;
    }

    public static ChorusNode start(Config config) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        NodeSettings settings = NodeSettings.from(config);
        MediaEventRelay relay = new MediaEventRelay();
        MediaPlaneImpl media = new MediaPlaneImpl(settings.media(), relay);
        boolean selfJoin = config.getList("pekko.cluster.seed-nodes").isEmpty();
        ActorSystem<ChorusGuardian.GetMediaNode> system;
        try {
            system = ActorSystem.create(ChorusGuardian.create(media, relay, settings.askTimeout(), selfJoin),
                    "chorus", config);
        } catch (RuntimeException e) {
            media.close();
            throw e;
        }
        ServerBinding binding;
        try {
            binding = HttpServer.start(system, settings.httpHost(), settings.httpPort())
                    .toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            system.terminate();
            media.close();
            throw new IllegalStateException("cannot bind HTTP on " + settings.httpHost() + ":" + settings.httpPort(), e);
        }
        system.getWhenTerminated().thenRun(media::close);
        int port = binding.localAddress().getPort();
        String url = settings.publicUrl().isBlank() ? "http://localhost:" + port + "/" : settings.publicUrl();
        return new ChorusNode(media, system, binding, url);
    }

    public String url() {
        return url;
    }

    public int httpPort() {
        return binding.localAddress().getPort();
    }

    public MediaPlaneImpl media() {
        return media;
    }

    public ActorSystem<ChorusGuardian.GetMediaNode> system() {
        return system;
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("actor system did not terminate in time", e);
        }
        media.close();
    }

    public static void main(String[] args) {
        Config config = ConfigFactory.load();
        ChorusNode node = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> node.close(), "chorus-shutdown"));
        System.out.println("Chorus node ready: meeting page at " + node.url());
        System.out.flush();
        node.system.getWhenTerminated().toCompletableFuture().join();
    }

}
