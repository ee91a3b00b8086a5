/**
 * Numbers the media plane measures about itself for metrics, free of any metrics library: a single-writer
 * {@link dev.chorus.media.stats.LatencyHistogram} (one per media worker, recorded on the packet path without
 * locks or allocation) and the immutable {@link dev.chorus.media.stats.LatencySnapshot} that readers sum them
 * into. The binding to a metrics library lives in the {@code ops} module and reads these at scrape time.
 */
package dev.chorus.media.stats;
