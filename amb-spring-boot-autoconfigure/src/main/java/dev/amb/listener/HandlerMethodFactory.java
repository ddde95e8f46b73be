package dev.amb.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;

import dev.amb.AckMode;
import dev.amb.Message;
import dev.amb.MessageValidator;
import dev.amb.annotation.Header;

/**
 * Reads an endpoint method's signature and chooses an {@link ArgumentResolver} per parameter:
 * the payload, {@code Message<T>}, {@code @Header} strings, and for {@link AckMode#BATCH}
 * {@code List<Message<T>>} or {@code List<T>}. Works out the payload type (generics included)
 * and reports signatures that cannot work. A payload, {@code Message<T>} or batch parameter
 * annotated with {@code @Valid} or {@code @Validated} gives the method a validator (see
 * {@link PayloadValidation}).
 */
final class HandlerMethodFactory {

    private HandlerMethodFactory() {
    }

    /**
     * @param bean the bean to call (the proxy, if any)
     * @param invocable the method to call on {@code bean}
     * @param declared the method as declared on the target class (carries the annotations)
     * @param ackMode the endpoint's ack mode
     * @param problems turns a problem description into the exception to throw
     * @param validation validates {@code @Valid} payloads
     */
    static HandlerMethod create(Object bean, Method invocable, Method declared, AckMode ackMode,
            Function<String, AgentEndpointException> problems, PayloadValidation validation) {
        boolean batch = ackMode == AckMode.BATCH;
        int count = declared.getParameterCount();
        ArgumentResolver[] resolvers = new ArgumentResolver[count];
        List<String> payloadParameters = new ArrayList<>();
        Type payloadType = null;
        boolean messageParameter = false;
        boolean batchParameter = false;
        Object[] validationHints = null;
        for (int i = 0; i < count; i++) {
            MethodParameter parameter = new MethodParameter(declared, i);
            ResolvableType type = ResolvableType.forMethodParameter(parameter);
            Class<?> raw = parameter.getParameterType();
            Header header = parameter.getParameterAnnotation(Header.class);
            Type found;
            if (header == null && validationHints == null) {
                validationHints = PayloadValidation.hints(parameter);
            }
            if (header != null && batch) {
                if (raw != List.class || type.as(List.class).getGeneric(0).resolve() != String.class) {
                    throw problems.apply("in ackMode BATCH a @Header(\"" + header.value() + "\") parameter must be a "
                            + "List<String> (one value per message, in batch order), not " + type);
                }
                resolvers[i] = batchHeaderResolver(header);
                continue;
            }
            if (header != null) {
                if (raw != String.class) {
                    throw problems.apply("@Header(\"" + header.value() + "\") parameter " + i + " must be a String, not "
                            + raw.getSimpleName());
                }
                resolvers[i] = headerResolver(header);
                continue;
            }
            if (Message.class.isAssignableFrom(raw)) {
                if (batch) {
                    throw problems.apply("ackMode BATCH methods take List<Message<T>> or List<T>, not Message<T>");
                }
                if (messageParameter) {
                    throw problems.apply("it declares two Message parameters");
                }
                messageParameter = true;
                found = generic(type.as(Message.class), 0);
                resolvers[i] = (message, list) -> message;
            }
            else if (batch && List.class.isAssignableFrom(raw)) {
                if (batchParameter) {
                    throw problems.apply("it declares two List parameters for the batch");
                }
                batchParameter = true;
                ResolvableType element = type.as(List.class).getGeneric(0);
                if (Message.class.isAssignableFrom(element.toClass())) {
                    found = generic(element.as(Message.class), 0);
                    resolvers[i] = (message, list) -> list;
                }
                else {
                    found = element.resolve() == null ? Object.class : element.getType();
                    resolvers[i] = (message, list) -> list.stream().map(Message::data).toList();
                }
            }
            else {
                if (batch) {
                    throw problems.apply("ackMode BATCH methods take the batch as List<Message<T>> or List<T>; parameter "
                            + i + " (" + raw.getSimpleName() + ") is neither a List nor a @Header");
                }
                payloadParameters.add(raw.getSimpleName());
                if (payloadParameters.size() > 1) {
                    throw problems.apply("it declares two payload parameters (" + String.join(" and ", payloadParameters)
                            + "); a method takes at most one payload, plus Message<T> and @Header parameters");
                }
                found = type.getType();
                resolvers[i] = (message, list) -> message.data();
            }
            if (payloadType != null && !ResolvableType.forType(payloadType).equals(ResolvableType.forType(found))) {
                throw problems.apply("its payload and Message parameters disagree on the payload type ("
                        + payloadType.getTypeName() + " and " + found.getTypeName() + ")");
            }
            payloadType = found;
        }
        if (batch && !batchParameter) {
            throw problems.apply("ackMode BATCH needs a List<Message<T>> or List<T> parameter to receive the batch");
        }
        if (ackMode == AckMode.MANUAL && !messageParameter) {
            throw problems.apply("ackMode MANUAL needs a Message<T> parameter, through which the method acknowledges");
        }
        MessageValidator validator = validationHints != null
                ? validation.validator(validationHints, AgentEndpointException.describe(declared)) : null;
        return new HandlerMethod(bean, invocable, resolvers, payloadType != null ? payloadType : Object.class, validator);
    }

    private static Type generic(ResolvableType type, int index) {
        ResolvableType generic = type.getGeneric(index);
        return generic == ResolvableType.NONE || generic.resolve() == null ? Object.class : generic.getType();
    }

    /** One value per message of the batch, in batch order ({@code null} where an optional header is missing). */
    private static ArgumentResolver batchHeaderResolver(Header header) {
        ArgumentResolver single = headerResolver(header);
        return (message, list) -> {
            List<Object> values = new ArrayList<>(list.size());
            for (Message<?> each : list) {
                values.add(single.resolve(each, list));
            }
            return java.util.Collections.unmodifiableList(values);
        };
    }

    private static ArgumentResolver headerResolver(Header header) {
        String name = header.value();
        boolean required = header.required();
        return (message, list) -> {
            Message<?> source = message != null ? message : list.get(0);
            String value = source.headers().get(name);
            if (value == null && required) {
                throw new IllegalStateException("Required header '" + name + "' is missing on message " + source.id());
            }
            return value;
        };
    }
}
