package dev.amb.kit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Implements {@link RequiresBroker}: skips when the broker is unreachable, or fails when
 * {@code AMB_REQUIRE_BROKERS=true}.
 */
public final class BrokerAvailability implements ExecutionCondition, BeforeAllCallback {

    /** The environment variable that turns an unreachable broker into a failure. */
    public static final String REQUIRE_BROKERS = "AMB_REQUIRE_BROKERS";

    /** Creates the extension (instantiated by JUnit). */
    public BrokerAvailability() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        RequiresBroker broker = find(context);
        if (broker == null) {
            return ConditionEvaluationResult.enabled("no broker required");
        }
        if (reachable(broker) || required()) {
            return ConditionEvaluationResult.enabled(broker.name() + " is reachable or required");
        }
        String reason = message(broker) + "; skipping (set " + REQUIRE_BROKERS + "=true to fail instead)";
        if (context.getTestMethod().isEmpty()) {
            // once per class, on the build's console: the reason is otherwise only in the reports
            System.err.println("[amb] " + context.getRequiredTestClass().getSimpleName() + ": " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        RequiresBroker broker = find(context);
        if (broker != null && !reachable(broker)) {
            throw new IllegalStateException(message(broker) + " and " + REQUIRE_BROKERS + "=true");
        }
    }

    /** @return {@code true} when {@code AMB_REQUIRE_BROKERS} is set to true */
    public static boolean required() {
        String value = System.getenv(REQUIRE_BROKERS);
        return value != null && (value.toLowerCase(Locale.ROOT).equals("true") || value.equals("1"));
    }

    private static RequiresBroker find(ExtensionContext context) {
        return context.getTestClass()
            .flatMap(type -> AnnotationSupport.findAnnotation(type, RequiresBroker.class))
            .orElse(null);
    }

    private static String message(RequiresBroker broker) {
        return broker.name() + " is not reachable on " + broker.host() + ":" + broker.port() + " (start it with: "
                + broker.startCommand() + ")";
    }

    /**
     * Probes a TCP port.
     * @param broker the broker to probe
     * @return {@code true} when a connection opens within one second
     */
    public static boolean reachable(RequiresBroker broker) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(broker.host(), broker.port()), 1000);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
