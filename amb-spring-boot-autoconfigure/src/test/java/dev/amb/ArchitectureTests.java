package dev.amb;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of ARCHITECTURE.md: dependencies point inward (autoconfigure, brokers, SPI,
 * API), brokers never import one another, and there are no package cycles.
 */
class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.amb");

    @Test
    void publicApiDependsOnNoOtherAmbPackage() {
        check(onlyAmb("dev.amb", "dev.amb"));
    }

    @Test
    void spiDependsOnlyOnTheApi() {
        check(onlyAmb("dev.amb.spi", "dev.amb", "dev.amb.spi"));
        check(onlyAmb("dev.amb.spi.support..", "dev.amb", "dev.amb.spi..", "dev.amb.topic.."));
    }

    @Test
    void topicsDependOnlyOnTheApi() {
        check(onlyAmb("dev.amb.topic..", "dev.amb", "dev.amb.topic.."));
    }

    @Test
    void coreDependsOnlyOnApiSpiAndTopics() {
        check(onlyAmb("dev.amb.core..", "dev.amb", "dev.amb.spi..", "dev.amb.topic..", "dev.amb.core.."));
    }

    @Test
    void serializersDependOnlyOnApiAndSpi() {
        check(onlyAmb("dev.amb.serialization..", "dev.amb", "dev.amb.spi..", "dev.amb.serialization.."));
    }

    @Test
    void brokerAdaptersDependOnlyOnApiSpiAndTopics() {
        check(onlyAmb("dev.amb.broker..", "dev.amb", "dev.amb.spi..", "dev.amb.topic..", "dev.amb.broker.."));
    }

    @Test
    void annotationsDependOnlyOnTheApi() {
        check(onlyAmb("dev.amb.annotation..", "dev.amb", "dev.amb.annotation.."));
    }

    @Test
    void listenerInfrastructureDependsOnlyOnApiAnnotationsSpiCoreAndTopics() {
        check(onlyAmb("dev.amb.listener..", "dev.amb", "dev.amb.annotation..", "dev.amb.spi..", "dev.amb.core..",
                "dev.amb.topic..", "dev.amb.listener.."));
    }

    @Test
    void resilienceGlueDependsOnlyOnApiAndSpi() {
        check(onlyAmb("dev.amb.resilience..", "dev.amb", "dev.amb.spi..", "dev.amb.resilience.."));
    }

    @Test
    void securityDependsOnlyOnApiSpiAndTopics() {
        check(onlyAmb("dev.amb.security..", "dev.amb", "dev.amb.spi..", "dev.amb.topic..", "dev.amb.security.."));
    }

    @Test
    void observabilityDependsOnlyOnApiAndSpi() {
        check(onlyAmb("dev.amb.observability..", "dev.amb", "dev.amb.spi..", "dev.amb.observability.."));
    }

    @Test
    void brokerAdaptersNeverImportEachOther() {
        check(slices().matching("dev.amb.broker.(*)..").should().notDependOnEachOther());
    }

    @Test
    void nothingButAutoConfigurationDependsOnAutoConfiguration() {
        check(noClasses().that().resideOutsideOfPackage("dev.amb.autoconfigure..")
            .should().dependOnClassesThat().resideInAPackage("dev.amb.autoconfigure.."));
    }

    @Test
    void packagesAreFreeOfCycles() {
        check(slices().matching("dev.amb.(**)").should().beFreeOfCycles());
    }

    private static ArchRule onlyAmb(String packageIdentifier, String... allowed) {
        DescribedPredicate<JavaClass> allowedAmb = resideInAnyPackage(allowed);
        return classes().that().resideInAPackage(packageIdentifier)
            .should().onlyDependOnClassesThat(allowedAmb.or(resideOutsideOfPackage("dev.amb..")));
    }

    private static void check(ArchRule rule) {
        rule.check(CLASSES);
    }
}
