package dev.chorus.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The strict test parser accepts the format and refuses what the format forbids (so the node tests can fail). */
class PrometheusTextTest {
    private static final String GOOD = """
            # HELP x_total Things, with a \\\\ backslash and a \\n newline.
            # TYPE x_total counter
            x_total{a="1",b="q\\"uote\\\\d\\nline"} 3
            x_total{a="2"} 0 1700000000000
            # a plain comment
            # TYPE g gauge
            g -1.5e3
            g{k="v",} NaN
            # TYPE h histogram
            h_bucket{le="0.1"} 1
            h_bucket{le="1"} 3
            h_bucket{le="+Inf"} 4
            h_sum 2.5
            h_count 4
            # TYPE s summary
            s{quantile="0.5"} 1
            s_sum 3
            s_count 2
            untyped_one +Inf
            """;

    @Test
    void parsesEveryKindOfLine() {
        Map<String, PrometheusText.Family> f = PrometheusText.parse(GOOD);
        assertEquals("counter", f.get("x_total").type());
        assertEquals("Things, with a \\ backslash and a \n newline.", f.get("x_total").help());
        assertEquals("q\"uote\\d\nline", f.get("x_total").samples().get(0).labels().get("b"));
        assertEquals(-1500.0, f.get("g").samples().get(0).value());
        assertEquals(5, f.get("h").samples().size());
        assertEquals("untyped", f.get("untyped_one").type());
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of("no final newline", "g 1"),
                Arguments.of("bad metric name", "1g 1\n"),
                Arguments.of("bad label name", "g{1a=\"x\"} 1\n"),
                Arguments.of("reserved label name", "g{__x=\"x\"} 1\n"),
                Arguments.of("unquoted label value", "g{a=x} 1\n"),
                Arguments.of("bad escape", "g{a=\"\\t\"} 1\n"),
                Arguments.of("unterminated labels", "g{a=\"x\" 1\n"),
                Arguments.of("duplicate label", "g{a=\"x\",a=\"y\"} 1\n"),
                Arguments.of("no value", "g\n"),
                Arguments.of("bad value", "g 1,5\n"),
                Arguments.of("bad timestamp", "g 1 soon\n"),
                Arguments.of("unknown type", "# TYPE g meter\ng 1\n"),
                Arguments.of("second TYPE", "# TYPE g gauge\n# TYPE g gauge\ng 1\n"),
                Arguments.of("TYPE after samples", "g 1\n# TYPE g gauge\n"),
                Arguments.of("second HELP", "# HELP g a\n# HELP g b\ng 1\n"),
                Arguments.of("split family", "a 1\nb 1\na{x=\"1\"} 2\n"),
                Arguments.of("duplicate sample", "g{a=\"1\"} 1\ng{a=\"1\"} 2\n"),
                Arguments.of("negative counter", "# TYPE c_total counter\nc_total -1\n"),
                Arguments.of("histogram without +Inf", "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n"),
                Arguments.of("histogram not cumulative", "# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
                        + "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"),
                Arguments.of("histogram le out of order", "# TYPE h histogram\nh_bucket{le=\"2\"} 1\n"
                        + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"),
                Arguments.of("histogram count differs", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\n"
                        + "h_sum 1\nh_count 3\n"),
                Arguments.of("histogram without sum", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n"),
                Arguments.of("summary without count", "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 1\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void refusesWhatTheFormatForbids(String what, String body) {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(body), what);
    }
}
