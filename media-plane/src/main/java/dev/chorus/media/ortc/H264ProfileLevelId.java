package dev.chorus.media.ortc;

/**
 * Reads the H.264 profile out of an SDP {@code profile-level-id} (RFC 6184 §8.1: profile_idc, profile_iop,
 * level_idc as six hex digits). Codecs are compatible when their profiles are equal; the level may differ.
 */
final class H264ProfileLevelId {
    static final int INVALID = -1;
    static final int CONSTRAINED_BASELINE = 1;
    static final int BASELINE = 2;
    static final int MAIN = 3;
    static final int CONSTRAINED_HIGH = 4;
    static final int HIGH = 5;
    static final int PREDICTIVE_HIGH_444 = 6;

    /** RFC 6184 default when {@code profile-level-id} is absent: Baseline, level 1. */
    static final String DEFAULT = "42000a";

    /**
     * Profile patterns: profile_idc, a mask over profile_iop (constraint_set0..5 flags then two reserved
     * bits, most significant first), the value the masked bits must have, and the resulting profile.
     */
    private static final int[][] PATTERNS = {
        {0x42, 0x4F, 0x40, CONSTRAINED_BASELINE}, // x1xx0000: constraint_set1
        {0x4D, 0x8F, 0x80, CONSTRAINED_BASELINE}, // 1xxx0000: constraint_set0
        {0x58, 0xCF, 0xC0, CONSTRAINED_BASELINE}, // 11xx0000: constraint_set0 and 1
        {0x42, 0x4F, 0x00, BASELINE},             // x0xx0000
        {0x58, 0xCF, 0x80, BASELINE},             // 10xx0000
        {0x4D, 0xAF, 0x00, MAIN},                 // 0x0x0000
        {0x64, 0xFF, 0x00, HIGH},
        {0x64, 0xFF, 0x0C, CONSTRAINED_HIGH},     // constraint_set4 and 5
        {0xF4, 0xFF, 0x00, PREDICTIVE_HIGH_444},
    };

    private static final int[] LEVELS = {9, 10, 11, 12, 13, 20, 21, 22, 30, 31, 32, 40, 41, 42, 50, 51, 52};

    private H264ProfileLevelId() {
    }

    /**
     * The profile named by a {@code profile-level-id} parameter value (a String, or a Number when a numeric
     * string was turned into a number by an SDP parser), {@link #DEFAULT} when null, {@link #INVALID} when
     * it is malformed, has an unknown profile or an unknown level.
     */
    static int profileOf(Object value) {
        String s = value == null ? DEFAULT : value.toString();
        if (s.length() != 6) {
            return INVALID;
        }
        int bits = 0;
        for (int i = 0; i < 6; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return INVALID;
            }
            bits = bits << 4 | d;
        }
        int profileIdc = bits >>> 16;
        int profileIop = bits >>> 8 & 0xFF;
        int levelIdc = bits & 0xFF;
        if (!validLevel(levelIdc)) {
            return INVALID;
        }
        for (int[] p : PATTERNS) {
            if (p[0] == profileIdc && (profileIop & p[1]) == p[2]) {
                return p[3];
            }
        }
        return INVALID;
    }

    private static boolean validLevel(int levelIdc) {
        for (int l : LEVELS) {
            if (l == levelIdc) {
                return true;
            }
        }
        return false;
    }
}
