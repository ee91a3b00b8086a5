package dev.chorus.media.speaker;

/**
 * Speech activity scores of one time scale of the Volfin–Cohen dominant-speaker method, precomputed for every
 * possible count of active sub-units.
 *
 * <p>In a window of {@code n} sub-units, {@code a} of which are active, the score is the log-likelihood ratio of
 * "speech" against "background noise": speech is modelled as a binomial distribution {@code B(n, p)} of the number
 * of active sub-units, noise as an exponential distribution with rate {@code lambda} over that number:
 * <pre>
 *   score(a) = ln( C(n, a) p^a (1-p)^(n-a) ) - ln( lambda e^(-lambda a) )
 *            = ln C(n, a) + a ln p + (n - a) ln(1 - p) - ln lambda + lambda a
 * </pre>
 * A score is floored at {@code epsilon} (a small positive number) so that the ratio of two scores, which the
 * speaker-switch test compares, is always defined. With {@code lambda >= ln n} the score grows with {@code a}.
 * Immutable.
 */
final class ActivityScores {
    private final double[] score;
    private final double[] logScore;

    ActivityScores(int n, double p, double lambda, double epsilon) {
        if (n < 1 || !(p > 0 && p < 1) || !(lambda > 0) || !(epsilon > 0)) {
            throw new IllegalArgumentException("bad activity model: n=" + n + " p=" + p + " lambda=" + lambda);
        }
        score = new double[n + 1];
        logScore = new double[n + 1];
        double lnChoose = 0; // ln C(n, 0)
        for (int a = 0; a <= n; a++) {
            if (a > 0) {
                lnChoose += Math.log((double) (n - a + 1) / a);
            }
            double llr = lnChoose + a * Math.log(p) + (n - a) * Math.log(1 - p) - Math.log(lambda) + lambda * a;
            score[a] = Math.max(epsilon, llr);
            logScore[a] = Math.log(score[a]);
        }
    }

    /** Largest count of active sub-units. */
    int units() {
        return score.length - 1;
    }

    /** The (floored) score for {@code active} active sub-units; the count is clamped to 0..n. */
    double score(int active) {
        return score[clamp(active)];
    }

    /** ln of {@link #score}; the relative score of a challenger is {@code logScore(c) - logScore(d)}. */
    double logScore(int active) {
        return logScore[clamp(active)];
    }

    private int clamp(int a) {
        return Math.max(0, Math.min(score.length - 1, a));
    }
}
