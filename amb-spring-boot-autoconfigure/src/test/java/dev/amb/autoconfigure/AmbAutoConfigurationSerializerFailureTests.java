package dev.amb.autoconfigure;

import org.junit.jupiter.api.Test;
import org.msgpack.jackson.dataformat.MessagePackFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** A serializer whose library is missing: the failure names the library and the values that work. */
class AmbAutoConfigurationSerializerFailureTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class));

    @Test
    void aSerializerWithoutItsLibraryNamesTheLibraryToAddAndListsPropertyValues() {
        contextRunner.withClassLoader(new FilteredClassLoader(MessagePackFactory.class))
            .withPropertyValues("amb.serializer=msgpack")
            .run(context -> {
                assertThat(context).hasFailed();
                Throwable cause = context.getStartupFailure();
                while (cause.getCause() != null && !(cause instanceof InvalidAmbPropertyException)) {
                    cause = cause.getCause();
                }
                assertThat(cause).isInstanceOf(InvalidAmbPropertyException.class)
                    .hasMessageContaining("add org.msgpack:jackson-dataformat-msgpack to the class path")
                    .hasMessageEndingWith("Valid values: json, protobuf");
            });
    }
}
