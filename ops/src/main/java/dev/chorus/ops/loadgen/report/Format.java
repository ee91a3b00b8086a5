package dev.chorus.ops.loadgen.report;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Number formatting of the report and progress lines; a missing figure prints as "n/a". */
final class Format {
    static final String NA = "n/a";

    private Format() {
    }

    static String num(OptionalDouble v, int decimals) {
        return v.isPresent() ? num(v.getAsDouble(), decimals) : NA;
    }

    static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String num(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : NA;
    }

    /** Bits per second as Mbit/s. */
    static String mbps(double bps) {
        return num(bps / 1e6, 2) + " Mbit/s";
    }

    static String percent(OptionalDouble fraction) {
        return fraction.isPresent() ? num(fraction.getAsDouble() * 100, 3) + " %" : NA;
    }
}
