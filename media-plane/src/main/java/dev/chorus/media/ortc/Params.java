package dev.chorus.media.ortc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Helpers for codec {@code parameters} maps and immutable copies. Not on any per-packet path. */
final class Params {
    /** Marker for "not an integer" in {@link #integer}. */
    static final long NOT_INTEGER = Long.MIN_VALUE;

    private Params() {
    }

    /** Unmodifiable insertion-ordered copy; null stays null. Null values are kept (validation reports them). */
    static Map<String, Object> freeze(Map<String, Object> m) {
        return m == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** Unmodifiable copy; null stays null. Null elements are kept (validation reports them). */
    static <T> List<T> freezeList(List<T> l) {
        return l == null ? null : Collections.unmodifiableList(new ArrayList<>(l));
    }

    /** A new mutable insertion-ordered map with the entries of {@code m} (none if null). */
    static Map<String, Object> mutable(Map<String, Object> m) {
        return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
    }

    /** Null-safe list view. */
    static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    /**
     * The integral value of a parameter that is an integral Number or a decimal-digit String, else
     * {@link #NOT_INTEGER}.
     */
    static long integer(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? (long) d : NOT_INTEGER;
        }
        if (v instanceof String s && !s.isEmpty() && s.length() <= 15) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                    return NOT_INTEGER;
                }
            }
            return Long.parseLong(s);
        }
        return NOT_INTEGER;
    }

    /** The integer parameter {@code key}, {@code dflt} if absent, {@link #NOT_INTEGER} if not an integer. */
    static long integerParam(Map<String, Object> m, String key, long dflt) {
        Object v = m == null ? null : m.get(key);
        return v == null ? dflt : integer(v);
    }

    /**
     * Whether parameter {@code key} has the same value in both maps, with {@code dflt} for a missing value.
     * Integers compare numerically ({@code 1} equals {@code "1"}); anything else by its string form.
     */
    static boolean sameIntegerParam(Map<String, Object> a, Map<String, Object> b, String key, long dflt) {
        long va = integerParam(a, key, dflt);
        long vb = integerParam(b, key, dflt);
        if (va != NOT_INTEGER || vb != NOT_INTEGER) {
            return va == vb;
        }
        return Objects.equals(String.valueOf(a.get(key)), String.valueOf(b.get(key)));
    }
}
