package dev.amb.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Whether a class is on the application's class path, asked of the bean class loader (the one
 * Spring Boot's {@code @ConditionalOnClass} asks), so that code chooses between Spring Boot or
 * Jackson lines exactly as the conditions do.
 */
final class ClassPresence {

    private ClassPresence() {
    }

    /**
     * @param className a fully qualified class name
     * @param beanFactory the application's bean factory
     * @return whether the class can be loaded
     */
    static boolean isPresent(String className, BeanFactory beanFactory) {
        return ClassUtils.isPresent(className, classLoader(beanFactory));
    }

    /**
     * @param beanFactory the application's bean factory
     * @return its bean class loader
     */
    static ClassLoader classLoader(BeanFactory beanFactory) {
        return beanFactory instanceof ConfigurableBeanFactory configurable && configurable.getBeanClassLoader() != null
                ? configurable.getBeanClassLoader() : ClassPresence.class.getClassLoader();
    }
}
