package dev.amb;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * Reads named properties of decoded message data for {@link MessageFilter#dataMatches(Map)}.
 */
final class DataProperties {

    private static final Object MISSING = new Object();

    private DataProperties() {
    }

    static boolean matches(Object data, Map<String, ?> expected) {
        if (data == null) {
            return false;
        }
        for (Map.Entry<String, ?> entry : expected.entrySet()) {
            Object actual = read(data, entry.getKey());
            if (actual == MISSING || !valueEquals(entry.getValue(), actual)) {
                return false;
            }
        }
        return true;
    }

    static Object read(Object data, String name) {
        if (data instanceof Map<?, ?> map) {
            return map.containsKey(name) ? map.get(name) : MISSING;
        }
        Class<?> type = data.getClass();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals(name)) {
                    return invoke(component.getAccessor(), data);
                }
            }
            return MISSING;
        }
        String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String getter : new String[] { "get" + suffix, "is" + suffix }) {
            try {
                Method method = type.getMethod(getter);
                if (!Modifier.isStatic(method.getModifiers())) {
                    return invoke(method, data);
                }
            }
            catch (NoSuchMethodException ex) {
                // try the next accessor form
            }
        }
        return MISSING;
    }

    private static Object invoke(Method accessor, Object target) {
        try {
            accessor.setAccessible(true);
            return accessor.invoke(target);
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            return MISSING;
        }
    }

    private static boolean valueEquals(Object expected, Object actual) {
        if (expected instanceof Number e && actual instanceof Number a) {
            try {
                return new BigDecimal(e.toString()).compareTo(new BigDecimal(a.toString())) == 0;
            }
            catch (NumberFormatException ex) {
                // NaN or infinity: no decimal form, compare as doubles
                return Double.compare(e.doubleValue(), a.doubleValue()) == 0;
            }
        }
        if (expected instanceof Enum<?> e && actual instanceof String a) {
            return e.name().equals(a);
        }
        if (actual instanceof Enum<?> a && expected instanceof String e) {
            return a.name().equals(e);
        }
        return Objects.equals(expected, actual);
    }
}
