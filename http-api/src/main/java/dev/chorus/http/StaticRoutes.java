package dev.chorus.http;

import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** The web client: {@code /} serves {@code web/index.html}, other paths the bundle's files (from the classpath). */
public final class StaticRoutes extends AllDirectives {
    public Route route() {
        return get(() -> concat(
                pathSingleSlash(() -> getFromResource("web/index.html")),
                getFromResourceDirectory("web")));
    }
}
