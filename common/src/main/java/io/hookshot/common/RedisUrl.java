package io.hookshot.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where Redis is, parsed from {@code HOOKSHOT_REDIS_URL}: one server, or the seed nodes of a Redis Cluster. The
 * producer (Jedis) and the worker (Redisson) both build their clients from this, so they read the URL alike.
 * <ul>
 *   <li>{@code redis://[[user]:password@]host[:port][/database]}: one server ({@code rediss://} for TLS).</li>
 *   <li>{@code redis-cluster://[[user]:password@]host1[:port1],host2[:port2],...}: a Redis Cluster, reached through
 *       any of the seed nodes listed, which share the credentials ({@code rediss-cluster://} for TLS). A cluster has
 *       only database 0, so the URL names none. One reachable seed is enough; list a few in case one is down.</li>
 *   <li>{@code redis-sentinel://[[user]:password@]host1[:port1],host2[:port2],.../master[/database]}: the master that
 *       the Redis Sentinels listed know by the name {@code master}, and its replicas; clients ask the sentinels where
 *       the master is and follow it after a failover ({@code rediss-sentinel://} for TLS to the master and
 *       replicas). The credentials are the master's; the sentinels are asked without any. Sentinel ports default to
 *       {@value #DEFAULT_SENTINEL_PORT}.</li>
 * </ul>
 * Other ports default to {@value #DEFAULT_PORT}. A user-info without a colon is a password (as {@code redis-cli -u}).
 *
 * <p>Immutable. {@link #toString()} and {@link #redacted()} hide the password; the messages of
 * {@link #parse(String)} never echo the URL, since it may hold one.
 *
 * @param cluster  whether the nodes are seeds of a Redis Cluster
 * @param tls      whether to connect with TLS ({@code rediss://}, {@code rediss-cluster://} or
 *                 {@code rediss-sentinel://})
 * @param nodes    the server, the cluster's seed nodes or the sentinels, in the order given; never empty
 * @param user     the ACL user, if named
 * @param password the password, if given
 * @param database the database number; always 0 for a cluster
 * @param redacted the URL with any password replaced by {@code ***}: safe to log
 * @param master   for a {@code redis-sentinel://} URL, the name the sentinels know the master by ({@link #nodes()}
 *                 are then the sentinels); else empty
 */
public record RedisUrl(
        boolean cluster,
        boolean tls,
        List<Node> nodes,
        Optional<String> user,
        Optional<String> password,
        int database,
        String redacted,
        Optional<String> master) {
    public static final int DEFAULT_PORT = 6379;
    public static final int DEFAULT_SENTINEL_PORT = 26379;
    /** What a valid URL looks like, for error messages. */
    private static final String FORMS = "redis://[user:password@]host[:port][/database] (rediss:// for TLS),"
            + " redis-cluster://[user:password@]host1:port1,host2:port2,... for a Redis Cluster (rediss-cluster://"
            + " for TLS), or redis-sentinel://[user:password@]host1:port1,host2:port2,.../master[/database] for the"
            + " master Redis Sentinels watch (rediss-sentinel:// for TLS)";
    /** A master's name as sentinels know it. */
    private static final Pattern MASTER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private static final String EXPECTED = "; must look like " + FORMS;

    /** One Redis server: a host name or IP address (an IPv6 address without brackets) and a port. */
    public record Node(String host, int port) {
        public Node {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty() || port < 1 || port > 65_535) {
                throw new IllegalArgumentException("a Redis node needs a host and a port from 1 to 65535");
            }
        }

        /** {@code redis://host:port} (or {@code rediss://} when {@code tls}), brackets around an IPv6 address. */
        public String uri(boolean tls) {
            return (tls ? "rediss://" : "redis://") + this;
        }

        /** {@code host:port}, brackets around an IPv6 address. */
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public RedisUrl {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(redacted, "redacted");
        Objects.requireNonNull(master, "master");
        if (nodes.isEmpty() || (!cluster && master.isEmpty() && nodes.size() != 1)) {
            throw new IllegalArgumentException(
                    "a Redis URL names one server, or one or more cluster seed nodes or sentinels");
        }
        if (cluster && master.isPresent()) {
            throw new IllegalArgumentException("a Redis URL names a cluster or a sentinel-watched master, not both");
        }
        if (database < 0 || (cluster && database != 0)) {
            throw new IllegalArgumentException("a Redis database is a number from 0, and a cluster has only 0");
        }
    }

    /** Whether this names a master that Redis Sentinels watch ({@link #nodes()} are the sentinels). */
    public boolean sentinel() {
        return master.isPresent();
    }

    /**
     * Parses a Redis URL of any form.
     *
     * @throws IllegalArgumentException with a message that reads after the name of what was parsed, like
     *                                  "has scheme 'http'; must look like ...", and never contains the URL
     */
    public static RedisUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is required" + EXPECTED);
        }
        String url = text.strip();
        int sep = url.indexOf("://");
        if (sep < 0) {
            throw new IllegalArgumentException("names no scheme" + EXPECTED);
        }
        String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "redis", "rediss" -> parseServer(url, scheme.equals("rediss"));
            case "redis-cluster", "rediss-cluster" -> parseCluster(url, sep, scheme.equals("rediss-cluster"));
            case "redis-sentinel", "rediss-sentinel" -> parseSentinel(url, sep, scheme.equals("rediss-sentinel"));
            default -> throw new IllegalArgumentException("has scheme '" + scheme + "'" + EXPECTED);
        };
    }

    /** {@code text} with any password replaced by {@code ***} (the whole user-info when it has no colon). */
    public static String redact(String text) {
        int start = text.indexOf("//");
        if (start < 0) {
            return text;
        }
        start += 2;
        int end = start;
        while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        int at = text.lastIndexOf('@', end - 1);
        if (at < start) {
            return text;
        }
        String userInfo = text.substring(start, at);
        int colon = userInfo.indexOf(':');
        String shown = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return text.substring(0, start) + shown + text.substring(at);
    }

    @Override
    public String toString() {
        return redacted;
    }

    private static RedisUrl parseServer(String url, boolean tls) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URI at index " + e.getIndex() + EXPECTED);
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.matches("/\\d{0,5}")) {
            throw new IllegalArgumentException("has a path that is not a database number" + EXPECTED);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("has a query or fragment" + EXPECTED);
        }
        int database = path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
        Credentials credentials = Credentials.of(uri.getUserInfo());
        return new RedisUrl(
                false,
                tls,
                List.of(node(uri)),
                credentials.user(),
                credentials.password(),
                database,
                redact(uri.toString()),
                Optional.empty());
    }

    private static RedisUrl parseCluster(String url, int sep, boolean tls) {
        NodeList list = nodeList(url, sep, DEFAULT_PORT);
        if (!list.tail().isEmpty() && !list.tail().equals("/")) {
            throw new IllegalArgumentException(
                    "names a database, path or query, but a cluster has only database 0" + EXPECTED);
        }
        Credentials credentials = list.credentials();
        return new RedisUrl(
                true, tls, list.nodes(), credentials.user(), credentials.password(), 0, redact(url), Optional.empty());
    }

    private static RedisUrl parseSentinel(String url, int sep, boolean tls) {
        NodeList list = nodeList(url, sep, DEFAULT_SENTINEL_PORT);
        String[] path =
                list.tail().isEmpty() ? new String[0] : list.tail().substring(1).split("/", -1);
        if (!list.tail().startsWith("/")
                || path.length < 1
                || path.length > 2
                || !MASTER_NAME.matcher(path[0]).matches()) {
            throw new IllegalArgumentException("names no master after the sentinels (letters, digits, '.', '_' or '-')"
                    + " or has a query" + EXPECTED);
        }
        if (path.length == 2 && !path[1].matches("\\d{1,5}")) {
            throw new IllegalArgumentException("has a path after the master that is not a database number" + EXPECTED);
        }
        int database = path.length == 2 ? Integer.parseInt(path[1]) : 0;
        return new RedisUrl(
                false,
                tls,
                list.nodes(),
                list.credentials().user(),
                list.credentials().password(),
                database,
                redact(url),
                Optional.of(path[0]));
    }

    /** The comma-separated nodes of a cluster or sentinel URL, their shared credentials, and what follows them. */
    private record NodeList(List<Node> nodes, Credentials credentials, String tail) {}

    private static NodeList nodeList(String url, int sep, int defaultPort) {
        String rest = url.substring(sep + 3);
        int end = 0;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        String rawUserInfo = at < 0 ? null : authority.substring(0, at);
        List<Node> nodes = new ArrayList<>();
        for (String node : authority.substring(at + 1).split(",", -1)) {
            if (node.isBlank()) {
                throw new IllegalArgumentException("names no host, or an empty node" + EXPECTED);
            }
            nodes.add(node(seedUri(node.strip()), defaultPort));
        }
        Credentials credentials = Credentials.of(rawUserInfo == null ? null : decodedUserInfo(rawUserInfo));
        return new NodeList(nodes, credentials, rest.substring(end));
    }

    private static URI seedUri(String authority) {
        try {
            return new URI("redis://" + authority);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("has a node that is not a valid host[:port]" + EXPECTED);
        }
    }

    private static String decodedUserInfo(String raw) {
        try {
            return new URI("redis://" + raw + "@h").getUserInfo();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "has user or password characters that are not valid in a URI; encode" + " them as %XX" + EXPECTED);
        }
    }

    private static Node node(URI uri) {
        return node(uri, DEFAULT_PORT);
    }

    private static Node node(URI uri, int defaultPort) {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("names no host" + EXPECTED);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("has a port outside 1 to 65535" + EXPECTED);
        }
        return new Node(host, port);
    }

    /** User and password from a decoded user-info: "user:password", ":password" or "password". */
    private record Credentials(Optional<String> user, Optional<String> password) {
        static Credentials of(String userInfo) {
            if (userInfo == null) {
                return new Credentials(Optional.empty(), Optional.empty());
            }
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                return new Credentials(Optional.empty(), Optional.of(userInfo));
            }
            String user = userInfo.substring(0, colon);
            return new Credentials(
                    user.isEmpty() ? Optional.empty() : Optional.of(user), Optional.of(userInfo.substring(colon + 1)));
        }
    }
}
