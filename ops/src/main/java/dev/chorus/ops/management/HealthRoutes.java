package dev.chorus.ops.management;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.HealthCheckSettings;
import org.apache.pekko.management.javadsl.CheckResult;
import org.apache.pekko.management.javadsl.HealthChecks;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * The health endpoints of Pekko Management (startup, readiness, liveness, paths and checks from
 * {@code pekko.management.health-checks}), answering 200 when every check passes and 503 Service Unavailable
 * otherwise. Pekko's own provider answers 500 for a failing check, which load balancers and orchestrators read
 * as a server fault rather than "not ready yet"; this one replaces it under
 * {@code pekko.management.http.routes.health-checks}.
 */
public final class HealthRoutes extends AllDirectives implements ManagementRouteProvider {
    private final ExtendedActorSystem system;

    /** Called reflectively by Pekko Management (possibly more than once while it probes constructors). */
    public HealthRoutes(ExtendedActorSystem system) {
        this.system = system;
    }

    @Override
    public Route routes(ManagementRouteProviderSettings settings) {
        HealthCheckSettings hs = HealthCheckSettings.create(
                system.settings().config().getConfig("pekko.management.health-checks"));
        HealthChecks checks = new HealthChecks(system, hs);
        return concat(
                endpoint(hs.startupPath(), checks::startupResult),
                endpoint(hs.readinessPath(), checks::readyResult),
                endpoint(hs.livenessPath(), checks::aliveResult));
    }

    private Route endpoint(String path, Supplier<CompletionStage<CheckResult>> check) {
        return path(PathMatchers.separateOnSlashes(path), () -> get(() -> completeWithFuture(
                check.get().thenApply(HealthRoutes::toResponse).exceptionally(HealthRoutes::failed))));
    }

    private static HttpResponse toResponse(CheckResult result) {
        if (result.isSuccess()) {
            return HttpResponse.create().withStatus(StatusCodes.OK).withEntity("OK");
        }
        return HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE)
                .withEntity("Not Healthy: " + result.failure().orElse("a check failed"));
    }

    private static HttpResponse failed(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE)
                .withEntity("Health Check Failed: " + cause.getMessage());
    }
}
