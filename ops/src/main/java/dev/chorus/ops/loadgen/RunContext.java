package dev.chorus.ops.loadgen;

import dev.chorus.ops.loadgen.media.TalkPattern;
import dev.chorus.ops.loadgen.rtc.DtlsHandshakes;
import java.net.http.HttpClient;

/** What every participant of a run shares: the settings, the HTTP client, the DTLS pool, the talk pattern. */
record RunContext(LoadgenOptions options, HttpClient http, DtlsHandshakes dtls, TalkPattern talk,
                  NotificationCounts notifications) {
}
