package dev.chorus.http.signaling;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The WebSocket Origin allow-list ({@code chorus.http.allowed-origins}). Browsers send {@code Origin} with every
 * WebSocket handshake, so a page of another site cannot open a socket to this node in its visitor's name. Allowed:
 * any origin when the list is empty; a request without {@code Origin} (not a browser); the node's own pages (the
 * origin's host and port are the request's {@code Host}); and the listed origins ({@code https://meet.example.com},
 * compared without case and trailing slash; {@code *} allows any).
 */
final class OriginPolicy {
    private final List<String> allowed;

    OriginPolicy(List<String> allowed) {
        this.allowed = allowed.stream().map(OriginPolicy::normalise).toList();
    }

    boolean allows(Optional<String> origin, Optional<String> host) {
        if (allowed.isEmpty() || origin.isEmpty() || allowed.contains("*")) {
            return true;
        }
        String o = normalise(origin.get());
        if (allowed.contains(o)) {
            return true;
        }
        if (host.isEmpty() || "null".equals(o)) {
            return false;
        }
        try {
            URI u = URI.create(o);
            String authority = u.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.get().trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
