package dev.amb.listener;

import java.lang.reflect.Method;

import org.springframework.util.ClassUtils;

/**
 * An {@code @AgentListener} or {@code @AgentResponder} declaration is invalid. Thrown while the
 * application starts, so a bad declaration never becomes a silently missing subscription. The
 * message names the bean, the method and the problem.
 *
 * @since 0.1.0
 */
public class AgentEndpointException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param annotation the annotation's simple name, e.g. {@code @AgentListener}
     * @param beanName the bean declaring the method
     * @param method the method
     * @param problem what is wrong
     */
    public AgentEndpointException(String annotation, String beanName, Method method, String problem) {
        super("Invalid " + annotation + " on bean '" + beanName + "', method " + describe(method) + ": " + problem);
    }

    static String describe(Method method) {
        StringBuilder text = new StringBuilder(ClassUtils.getUserClass(method.getDeclaringClass()).getSimpleName())
            .append('.')
            .append(method.getName())
            .append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            text.append(i > 0 ? ", " : "").append(types[i].getSimpleName());
        }
        return text.append(')').toString();
    }
}
