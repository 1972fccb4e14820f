package io.hookshot.testing;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving each test class a real Redis and a real Postgres ({@link TestRedis},
 * {@link TestPostgres}): embedded ones by default, external ones when the environment names them. Inject a
 * {@link TestServers} into a constructor, a {@code @BeforeAll} or a test method; all methods of one class get the
 * same schema and queue name. A fixture registered as an extension gets them from {@link #serversOf}.
 */
public final class RealServers implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealServers.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestServers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return serversOf(context);
    }

    /** The test class's servers, for an extension (a fixture) of that class: the ones its parameters get. */
    public static TestServers serversOf(ExtensionContext context) {
        return classServers(context, NAMESPACE, () -> TestRedis.get().url());
    }

    /**
     * The servers of the test class of {@code context}, made once per class with {@code redisUrl} and kept in
     * {@code namespace} of the class's store (so a method and the class's fixtures get the same ones).
     */
    static TestServers classServers(
            ExtensionContext context, ExtensionContext.Namespace namespace, Supplier<String> redisUrl) {
        ExtensionContext classContext =
                context.getTestClass().isPresent() && context.getTestMethod().isPresent()
                        ? context.getParent().orElse(context)
                        : context;
        return classContext
                .getStore(namespace)
                .getOrComputeIfAbsent(
                        TestServers.class,
                        key -> new TestServers(redisUrl.get(), TestServers.newQueue()),
                        TestServers.class);
    }
}
