package dev.chorus.ops.loadgen.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches the server's Prometheus endpoint. A failed scrape (no endpoint, an error status, a timeout) is reported
 * with its reason instead of samples, so the figures that need it become "n/a".
 */
public final class MetricsScraper {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final URI endpoint;

    /** @param endpoint the metrics URL, or null for no scraping */
    public MetricsScraper(HttpClient http, URI endpoint) {
        this.http = http;
        this.endpoint = endpoint;
    }

    /** One scrape's outcome: samples, or the reason there are none. */
    public record Scrape(MetricSamples samples, String error, long atNanos) {
        public boolean ok() {
            return samples != null;
        }
    }

    /** Scrapes now (blocking, at most {@link #TIMEOUT}). */
    public Scrape scrape() {
        long at = System.nanoTime();
        if (endpoint == null) {
            return new Scrape(null, "metrics disabled (--metrics none)", at);
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return new Scrape(null, endpoint + " answered " + r.statusCode(), at);
            }
            return new Scrape(PrometheusText.parse(r.body()).samples(), null, at);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Scrape(null, "interrupted", at);
        } catch (Exception e) {
            return new Scrape(null, endpoint + ": " + e, at);
        }
    }
}
