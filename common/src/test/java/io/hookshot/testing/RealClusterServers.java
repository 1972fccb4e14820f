package io.hookshot.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * As {@link RealServers}, but the Redis is a Redis Cluster of {@value TestRedisCluster#MASTERS} masters
 * ({@link TestRedisCluster}): {@link TestServers#redisUrl()} is its {@code redis-cluster://} URL. Postgres is the
 * same as for {@link RealServers}.
 */
public final class RealClusterServers implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RealClusterServers.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestServers.class || type == TestRedisCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == TestRedisCluster.class) {
            return TestRedisCluster.get();
        }
        return RealServers.classServers(
                context, NAMESPACE, () -> TestRedisCluster.get().url());
    }
}
