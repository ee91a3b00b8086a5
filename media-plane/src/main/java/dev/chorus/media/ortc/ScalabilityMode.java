package dev.chorus.media.ortc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spatial and temporal layer counts read from a WebRTC scalability mode such as {@code L1T3}, {@code S3T3}
 * or {@code L3T3_KEY}. A missing or unreadable mode means one spatial and one temporal layer.
 */
record ScalabilityMode(int spatialLayers, int temporalLayers, boolean ksvc) {
    private static final Pattern MODE = Pattern.compile("^[LS](\\d+)T(\\d+)(_KEY)?");
    static final ScalabilityMode NONE = new ScalabilityMode(1, 1, false);

    static ScalabilityMode parse(String mode) {
        if (mode == null) {
            return NONE;
        }
        Matcher m = MODE.matcher(mode);
        if (!m.lookingAt() || m.group(1).length() > 3 || m.group(2).length() > 3) {
            return NONE;
        }
        int spatial = Integer.parseInt(m.group(1));
        int temporal = Integer.parseInt(m.group(2));
        if (spatial < 1 || temporal < 1) {
            return NONE;
        }
        return new ScalabilityMode(spatial, temporal, m.group(3) != null);
    }
}
