package dev.amb.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;

import org.springframework.util.ReflectionUtils;

import dev.amb.Message;
import dev.amb.MessageValidator;

/**
 * An endpoint method ready to call: the bean (the proxy, when there is one, so that
 * {@code @Transactional} and {@code @Validated} apply), the invocable method, one
 * {@link ArgumentResolver} per parameter and the payload type the bus decodes into.
 *
 * <p>Thread safe: it holds no per-call state.
 *
 * @since 0.1.0
 */
public final class HandlerMethod {

    private final Object bean;

    private final Method method;

    private final ArgumentResolver[] resolvers;

    private final Type payloadType;

    private final MessageValidator validator;

    HandlerMethod(Object bean, Method method, ArgumentResolver[] resolvers, Type payloadType,
            MessageValidator validator) {
        this.bean = bean;
        this.method = method;
        this.resolvers = resolvers;
        this.payloadType = payloadType;
        this.validator = validator;
        ReflectionUtils.makeAccessible(method);
    }

    /** @return the method that is invoked */
    public Method method() {
        return method;
    }

    /** @return the type payloads are decoded into */
    public Type payloadType() {
        return payloadType;
    }

    /**
     * @return the validator of a {@code @Valid} payload, or {@code null} when the payload is not
     *         validated (not annotated, or no validator in the context)
     * @since 0.2.0
     */
    public MessageValidator validator() {
        return validator;
    }

    /**
     * Invokes the method for one message.
     * @param message the message
     * @return what the method returned
     * @throws Exception what the method threw
     */
    public Object invoke(Message<?> message) throws Exception {
        return call(message, null);
    }

    /**
     * Invokes the method for a batch.
     * @param batch the messages
     * @return what the method returned
     * @throws Exception what the method threw
     */
    public Object invokeBatch(List<? extends Message<?>> batch) throws Exception {
        return call(null, batch);
    }

    private Object call(Message<?> message, List<? extends Message<?>> batch) throws Exception {
        Object[] arguments = new Object[resolvers.length];
        for (int i = 0; i < resolvers.length; i++) {
            arguments[i] = resolvers[i].resolve(message, batch);
        }
        try {
            return method.invoke(bean, arguments);
        }
        catch (InvocationTargetException ex) {
            Throwable cause = ex.getTargetException();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
