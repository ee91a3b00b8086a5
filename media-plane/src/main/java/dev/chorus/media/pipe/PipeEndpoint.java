package dev.chorus.media.pipe;

/**
 * A validated {@code host:port} endpoint of a remote bridge (IPv6 hosts in brackets, {@code [::1]:4000}).
 * Parsing is strict so that nothing but a host and a port can end up in an Aeron channel URI.
 */
record PipeEndpoint(String host, int port) {

    /**
     * Parses {@code host:port}.
     *
     * @throws IllegalArgumentException when the port is missing or not in 1..65535, or the host is empty or
     *                                  contains characters that have no place in a host name or address
     */
    static PipeEndpoint parse(String endpoint) {
        if (endpoint == null) {
            throw new IllegalArgumentException("endpoint is null");
        }
        String s = endpoint.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("endpoint must be host:port: '" + endpoint + "'");
        }
        String host = s.substring(0, colon);
        String portText = s.substring(colon + 1);
        if (host.startsWith("[")) {
            if (host.length() < 3 || !host.endsWith("]") || !validChars(host.substring(1, host.length() - 1), true)) {
                throw new IllegalArgumentException("bad IPv6 host in endpoint '" + endpoint + "'");
            }
        } else if (!validChars(host, false)) {
            throw new IllegalArgumentException("bad host in endpoint '" + endpoint + "'");
        }
        return new PipeEndpoint(host, parsePort(portText, endpoint));
    }

    /** {@code host:port}, the canonical text (used as the link cache key and in channel URIs). */
    String text() {
        return host + ":" + port;
    }

    /** Formats a host (bracketing a bare IPv6 address) and port as an endpoint. */
    static String format(String host, int port) {
        boolean bareIpv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
        return (bareIpv6 ? "[" + host + "]" : host) + ":" + port;
    }

    private static int parsePort(String text, String endpoint) {
        if (text.isEmpty() || text.length() > 5) {
            throw new IllegalArgumentException("bad port in endpoint '" + endpoint + "'");
        }
        int port = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad port in endpoint '" + endpoint + "'");
            }
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range in endpoint '" + endpoint + "'");
        }
        return port;
    }

    private static boolean validChars(String host, boolean ipv6) {
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || (ipv6 && (c == ':' || c == '%'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
