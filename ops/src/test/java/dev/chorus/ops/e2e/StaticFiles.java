package dev.chorus.ops.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/** Serves the test harness (from test-classes/harness) on http://localhost:PORT/, a secure context for getUserMedia. */
final class StaticFiles implements AutoCloseable {
    private final HttpServer server;

    StaticFiles(String classpathDir) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/")) {
                path = "/harness.html";
            }
            try (InputStream in = StaticFiles.class.getResourceAsStream("/" + classpathDir + path)) {
                if (in == null || path.contains("..")) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = in.readAllBytes();
                String type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".html") ? "text/html" : "application/octet-stream";
                ex.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
