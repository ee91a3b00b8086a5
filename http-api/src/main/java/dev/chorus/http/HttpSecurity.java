package dev.chorus.http;

import com.typesafe.config.Config;
import dev.chorus.http.auth.AuthSettings;
import dev.chorus.http.signaling.SignalingLimits;

/**
 * What guards the node's HTTP surface: join tokens and the REST admin credential ({@code chorus.auth}), and the
 * signaling limits and Origin allow-list ({@code chorus.limits}, {@code chorus.http.allowed-origins}). Read and
 * checked once at start, so a wrong key file stops the node with a message naming the setting.
 */
public record HttpSecurity(AuthSettings auth, SignalingLimits limits) {

    /** @throws IllegalArgumentException naming the setting that is wrong */
    public static HttpSecurity from(Config config) {
        return new HttpSecurity(AuthSettings.from(config), SignalingLimits.from(config));
    }
}
