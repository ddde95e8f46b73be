package dev.amb.autoconfigure;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.util.StringUtils;

/**
 * Copies property values that are set (not {@code null}) onto a builder, as Spring Boot's
 * {@code PropertyMapper.get().alwaysApplyingWhenNonNull()} did on Boot 3. Boot 4 removed that
 * method (its {@code PropertyMapper} skips {@code null}s by default instead), so AMB, which runs on
 * both, uses this instead.
 *
 * <pre>{@code
 * PropertyMapping map = new PropertyMapping();
 * map.from(properties::getRegion).whenHasText().as(Region::of).to(builder::region);
 * }</pre>
 */
final class PropertyMapping {

    /**
     * @param <T> the value type
     * @param supplier supplies the value, possibly {@code null}
     * @return a source of the value
     */
    <T> Source<T> from(Supplier<? extends T> supplier) {
        return new Source<>(supplier.get());
    }

    /**
     * @param <T> the value type
     * @param value the value, possibly {@code null}
     * @return a source of the value
     */
    <T> Source<T> from(T value) {
        return new Source<>(value);
    }

    /**
     * A value that is applied only when it is not {@code null}.
     * @param <T> the value type
     */
    static final class Source<T> {

        private final T value;

        private Source(T value) {
            this.value = value;
        }

        /** @return this source if its value has text, else an empty one */
        Source<T> whenHasText() {
            return value != null && StringUtils.hasText(value.toString()) ? this : new Source<>(null);
        }

        /**
         * @param <R> the adapted type
         * @param adapter adapts a set value
         * @return a source of the adapted value
         */
        <R> Source<R> as(Function<? super T, ? extends R> adapter) {
            return new Source<>(value != null ? adapter.apply(value) : null);
        }

        /** @param consumer receives the value when it is set */
        void to(Consumer<? super T> consumer) {
            if (value != null) {
                consumer.accept(value);
            }
        }
    }
}
