package dev.chorus.http;

import dev.chorus.actors.guard.Refusals;
import dev.chorus.http.auth.JoinTokens;
import dev.chorus.http.rest.ApiRoutes;
import dev.chorus.http.rest.TokenRoutes;
import dev.chorus.http.rest.HistoryRoutes;
import dev.chorus.http.rest.RoomRoutes;
import dev.chorus.persistence.history.HistoryQueries;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.DispatcherSelector;
import dev.chorus.http.signaling.SignalingRoutes;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** Binds the node's HTTP surface (signaling, REST, web client) and unbinds it gracefully on shutdown. */
public final class HttpServer extends AllDirectives {
    private HttpServer() {
    }

    /**
     * @param history  the read side of room history (lists and history endpoints)
     * @param security tokens, admin credential, signaling limits (see {@link HttpSecurity#from})
     * @param extra    routes of other modules served on the same port (the node's {@code /metrics}), tried first
     */
    public static Route routes(ActorSystem<?> system, HistoryQueries history, HttpSecurity security, Route extra) {
        HttpServer d = new HttpServer();
        Duration askTimeout = system.settings().config().getDuration("chorus.ask-timeout");
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        JoinTokens tokens = new JoinTokens(security.auth());
        return d.concat(extra, new SignalingRoutes(system, tokens, security.limits()).route(),
                ApiRoutes.of(security.auth().adminToken(), Refusals.get(system),
                        new RoomRoutes(system, askTimeout, history, blocking).route(),
                        new HistoryRoutes(history, blocking).route(),
                        new TokenRoutes(tokens, Clock.systemUTC()).route()),
                new StaticRoutes().route());
    }

    public static CompletionStage<ServerBinding> start(ActorSystem<?> system, String host, int port,
                                                       HistoryQueries history, HttpSecurity security,
                                                       Route extra) {
        CompletionStage<ServerBinding> binding = Http.get(system).newServerAt(host, port)
                .bind(routes(system, history, security, extra));
        binding.thenAccept(b -> CoordinatedShutdown.get(system).addTask(
                CoordinatedShutdown.PhaseServiceUnbind(), "http-unbind",
                () -> b.terminate(Duration.ofSeconds(5)).thenApply(t -> Done.getInstance())));
        return binding;
    }
}
