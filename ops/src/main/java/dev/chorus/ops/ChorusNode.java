package dev.chorus.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.actors.ChorusGuardian;
import dev.chorus.actors.guard.Refusals;
import dev.chorus.actors.media.MediaEventRelay;
import dev.chorus.actors.history.HistoryProjection;
import dev.chorus.http.HttpSecurity;
import dev.chorus.http.HttpServer;
import dev.chorus.http.metrics.SignalingMetrics;
import dev.chorus.persistence.ChorusDatabase;
import dev.chorus.persistence.DatabaseSettings;
import dev.chorus.persistence.Schema;
import dev.chorus.persistence.history.HistoryQueries;
import dev.chorus.persistence.history.JdbcHistoryQueries;
import dev.chorus.media.engine.MediaPlaneImpl;
import dev.chorus.ops.loadgen.LoadgenCommand;
import dev.chorus.ops.management.NodeReadiness;
import dev.chorus.ops.metrics.MetricsRoute;
import dev.chorus.ops.metrics.NodeMetrics;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * A running Chorus node: media plane, actor system (cluster, sharding, MediaNode), the journal database (schema
 * created if missing) and the history projection, Pekko Management (cluster and health endpoints on their own
 * port) and the HTTP server (signaling, REST, web client, and Prometheus metrics at {@code /metrics}). {@link #main} starts one from
 * {@code application.conf} and prints the meeting URL once it is ready.
 */
public final class ChorusNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChorusNode.class);

    private final MediaPlaneImpl media;
    private final ActorSystem<ChorusGuardian.GetMediaNode> system;
    private final ServerBinding binding;
    private final Uri management;
    private final String url;

    private ChorusNode(MediaPlaneImpl media, ActorSystem<ChorusGuardian.GetMediaNode> system, ServerBinding binding,
                       Uri management, String url) {
        this.media = media;
        this.system = system;
        this.binding = binding;
        this.management = management;
        this.url = url;
    }

    /**
     * Starts a node from {@code config} (resolved; {@code chorus.*} settings are copied into the Pekko settings
     * they govern, see {@link NodeSettings#pekkoOverrides()}). Returns once the HTTP server is bound; the node
     * then reports ready on {@code /health/ready} as soon as its cluster member is Up.
     */
    public static ChorusNode start(Config config) {
        log.info("common pool parallelism {} ({} cores)", CommonPool.parallelism(),
                Runtime.getRuntime().availableProcessors());
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        NodeSettings settings = NodeSettings.from(config);
        HttpSecurity security = HttpSecurity.from(config);
        security.auth().warnings().forEach(log::warn);
        DatabaseSettings database = DatabaseSettings.from(config);
        log.info("Journal database: {}", database);
        Config effective = settings.pekkoOverrides().withFallback(database.pekkoConfig()).withFallback(config);
        MediaEventRelay relay = new MediaEventRelay();
        MediaPlaneImpl media = new MediaPlaneImpl(settings.mediaWithPipes(), relay);
        boolean selfJoin = effective.getList("pekko.cluster.seed-nodes").isEmpty();
        if (!selfJoin && database.embeddedH2()) {
            log.warn("This node joins a cluster but keeps its journal in its own embedded H2 database ({}): rooms "
                    + "that move between nodes lose their history. Point every node at one PostgreSQL database "
                    + "(CHORUS_DB_URL); see docs/operations.md.", database.dataDir());
        }
        ActorSystem<ChorusGuardian.GetMediaNode> system;
        try {
            system = ActorSystem.create(ChorusGuardian.create(media, relay, settings.askTimeout(), selfJoin),
                    NodeSettings.SYSTEM_NAME, effective);
        } catch (RuntimeException e) {
            media.close();
            throw e;
        }
        HistoryQueries history;
        try {
            // Before anything is served: a fresh database gets its tables; a wrong url or missing rights stop here.
            Schema.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
            history = new JdbcHistoryQueries(ChorusDatabase.dataSource(system));
            HistoryProjection.init(system);
        } catch (Exception e) {
            abort(system, media);
            throw new IllegalStateException("cannot prepare the database " + database.url() + ": "
                    + rootMessage(e), e);
        }
        Uri management;
        try {
            management = PekkoManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            abort(system, media);
            throw new IllegalStateException("cannot start Pekko Management on " + settings.managementHost() + ":"
                    + settings.managementPort(), e);
        }
        ServerBinding binding;
        try {
            // Refusals (tokens, roles, limits, Origin) are counted by reason in chorus_signaling_refused_total.
            SignalingMetrics signalingMetrics = SignalingMetrics.get(system);
            Refusals.get(system).addSink(reason -> signalingMetrics.refused(reason.label()));
            Route metrics = new MetricsRoute(new NodeMetrics(system, media)).route();
            binding = HttpServer.start(system, settings.httpHost(), settings.httpPort(), history, security, metrics)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            abort(system, media);
            throw new IllegalStateException("cannot bind HTTP on " + settings.httpHost() + ":" + settings.httpPort(), e);
        }
        system.getWhenTerminated().thenRun(media::close);
        NodeReadiness.get(system).markReady();
        log.info("Pekko Management at {} (see {}/cluster/members and {}/health/ready)", management, management,
                management);
        int port = binding.localAddress().getPort();
        String url = settings.publicUrl().isBlank() ? "http://localhost:" + port + "/" : settings.publicUrl();
        return new ChorusNode(media, system, binding, management, url);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static void abort(ActorSystem<?> system, MediaPlaneImpl media) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("actor system did not terminate in time", e);
        }
        media.close();
    }

    public String url() {
        return url;
    }

    public int httpPort() {
        return binding.localAddress().getPort();
    }

    /** Base URL of the Pekko Management endpoint, e.g. {@code http://127.0.0.1:8558}. */
    public String managementUrl() {
        return management.toString();
    }

    /** The port Pekko Management is bound to (the chosen one when {@code chorus.management.port = 0}). */
    public int managementPort() {
        return management.port();
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
            system.getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("actor system did not terminate in time", e);
        }
        media.close();
    }

    /**
     * Starts a node; with a first argument {@code loadgen}, runs the load generator instead (see
     * {@link LoadgenCommand} and docs/loadgen.md) and exits with its code.
     */
    public static void main(String[] args) {
        CommonPool.ensureParallelism();
        if (args.length > 0 && "loadgen".equals(args[0])) {
            System.exit(LoadgenCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out,
                    System.err));
            return;
        }
        Config config = ConfigFactory.load();
        ChorusNode node = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> node.close(), "chorus-shutdown"));
        System.out.println("Chorus node ready: meeting page at " + node.url());
        System.out.flush();
        node.system.getWhenTerminated().toCompletableFuture().join();
    }

}
