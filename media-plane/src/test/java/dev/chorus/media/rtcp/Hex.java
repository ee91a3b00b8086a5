package dev.chorus.media.rtcp;

/** Hex helpers for hand-written byte vectors in tests. */
final class Hex {
    private Hex() {
    }

    /** Parses hex digits, ignoring spaces and '|' separators. */
    static byte[] bytes(String hex) {
        String s = hex.replace(" ", "").replace("|", "").replace("\n", "");
        if ((s.length() & 1) != 0) {
            throw new IllegalArgumentException("odd hex length: " + hex);
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String of(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", b[off + i] & 0xFF));
        }
        return sb.toString();
    }

    /** Concatenates arrays. */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
