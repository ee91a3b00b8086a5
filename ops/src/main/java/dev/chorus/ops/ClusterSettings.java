package dev.chorus.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster membership part of the {@code chorus} configuration: seed nodes (as Pekko addresses), this node's
 * roles and its peer capacity. The operator writes seed nodes as {@code host:port}; Pekko wants full addresses
 * of the {@code chorus} actor system, so the conversion and its checks live here.
 *
 * @param seedNodes {@code pekko://chorus@host:port} addresses; empty means "form a cluster of its own"
 * @param roles     the node's cluster roles
 * @param capacity  peers this node carries at most
 */
public record ClusterSettings(List<String> seedNodes, List<String> roles, int capacity) {

    public ClusterSettings {
        seedNodes = List.copyOf(seedNodes);
        roles = List.copyOf(roles);
    }

    /** Reads {@code cluster.*} and {@code node.roles} below the given {@code chorus} section. */
    static ClusterSettings from(Config chorus) {
        List<String> seeds = new ArrayList<>();
        for (String hostPort : stringList(chorus, "cluster.seed-nodes")) {
            seeds.add(seedAddress(hostPort));
        }
        List<String> roles = stringList(chorus, "node.roles");
        for (String role : roles) {
            if (role.startsWith("dc-")) {
                throw new IllegalArgumentException("chorus.node.roles (CHORUS_NODE_ROLES): role '" + role
                        + "' must not start with 'dc-' (reserved by Pekko for data centers)");
            }
        }
        int capacity = chorus.getInt("cluster.capacity");
        if (capacity <= 0) {
            throw new IllegalArgumentException("chorus.cluster.capacity (CHORUS_NODE_CAPACITY) must be positive, was "
                    + capacity);
        }
        return new ClusterSettings(seeds, roles, capacity);
    }

    /**
     * A HOCON list of strings, or one string of comma-separated items (what an environment variable gives).
     * Items are trimmed; empty items are dropped.
     */
    static List<String> stringList(Config config, String path) {
        ConfigValue value = config.getValue(path);
        List<String> raw;
        if (value.valueType() == ConfigValueType.LIST) {
            raw = config.getStringList(path);
        } else if (value.valueType() == ConfigValueType.STRING) {
            raw = List.of(config.getString(path).split(","));
        } else {
            throw new ConfigException.WrongType(value.origin(), path, "list or comma-separated string",
                    value.valueType().name());
        }
        List<String> items = new ArrayList<>();
        for (String item : raw) {
            String trimmed = item.trim();
            if (!trimmed.isEmpty()) {
                items.add(trimmed);
            }
        }
        return items;
    }

    /**
     * {@code host:port} (IPv6 hosts in brackets, {@code [::1]:25520}) to {@code pekko://chorus@host:port}.
     *
     * @throws IllegalArgumentException naming the setting when the entry is not {@code host:port}
     */
    static String seedAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? "" : hostPort.substring(0, colon);
        String portText = colon < 0 ? "" : hostPort.substring(colon + 1);
        // An IPv6 host must be bracketed, so the port is always after the last colon; other hosts have no colon.
        boolean bracketed = host.length() >= 2 && host.startsWith("[") && host.endsWith("]");
        String bare = bracketed ? host.substring(1, host.length() - 1) : host;
        boolean hostOk = !bare.isEmpty() && bracketed == (bare.indexOf(':') >= 0)
                && bare.chars().noneMatch(ch -> Character.isWhitespace(ch) || "@/[]".indexOf(ch) >= 0);
        int port = -1;
        if (!portText.isEmpty() && portText.chars().allMatch(ch -> ch >= '0' && ch <= '9') && portText.length() <= 5) {
            port = Integer.parseInt(portText);
        }
        if (!hostOk || port < 1 || port > 65535) {
            throw new IllegalArgumentException("chorus.cluster.seed-nodes (CHORUS_SEED_NODES): '" + hostPort
                    + "' is not host:port (IPv6 as [addr]:port, port 1-65535)");
        }
        return "pekko://" + NodeSettings.SYSTEM_NAME + "@" + host + ":" + port;
    }
}
