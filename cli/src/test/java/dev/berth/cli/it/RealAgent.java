package dev.berth.cli.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Runs a test class against the node agent of this JVM, started before the first such class and stopped after the
 * last. Test constructors and methods receive {@link Cli}, {@link NodeAgent}, {@link BaseImage} and a
 * {@link ContainerNames} of their own, whose containers are removed when the test ends. A failing test carries the end
 * of the agent's log, which usually says why.
 */
final class RealAgent implements BeforeAllCallback, ParameterResolver, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealAgent.class);
    private static final int LOG_LINES_ON_FAILURE = 40;

    @Override
    public void beforeAll(ExtensionContext context) {
        // Here rather than on the first parameter, so that "needs root" fails the class as it is, not wrapped.
        node(context);
    }

    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        // A ContainerNames given to a constructor belongs to that one test, and is closed when the test ends.
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Cli.class || type == NodeAgent.class || type == BaseImage.class
                || type == ContainerNames.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        NodeUnderTest node = node(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == Cli.class) {
            return node.cli();
        }
        if (type == NodeAgent.class) {
            return node.agent();
        }
        if (type == BaseImage.class) {
            return node.baseImage();
        }
        ContainerNames names = new ContainerNames(node.cli());
        context.getStore(NAMESPACE).put(names, names);
        return names;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        NodeUnderTest node = context.getRoot().getStore(NAMESPACE).get(NodeUnderTest.class, NodeUnderTest.class);
        if (node != null) {
            failure.addSuppressed(new AgentLog(node.agent().log() + ", last " + LOG_LINES_ON_FAILURE + " lines:\n"
                    + node.agent().logTail(LOG_LINES_ON_FAILURE)));
        }
        throw failure;
    }

    private static NodeUnderTest node(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(NodeUnderTest.class, key -> NodeUnderTest.start(), NodeUnderTest.class);
    }

    /** Not an error of its own: the agent's side of a failure, attached to it. */
    private static final class AgentLog extends Exception {
        AgentLog(String text) {
            super(text, null, false, false);
        }
    }
}
