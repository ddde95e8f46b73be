package dev.amb.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

import dev.amb.annotation.AgentListener;
import dev.amb.annotation.AgentResponder;

/**
 * Finds {@code @AgentListener} and {@code @AgentResponder} methods on beans and hands them, as
 * {@link AgentEndpoint}s built by the endpoint factory, to the {@link AgentEndpointRegistry}. It
 * only scans: attribute resolution and validation live in the factory, running subscriptions in
 * the registry.
 *
 * <p>While the context is being created it only records which singleton declares which annotated
 * methods. Once every singleton exists it builds the endpoints against the finished bean (looked
 * up by name, so every proxy, such as {@code @Transactional} or {@code @Validated}, is in place
 * whatever the order of the post-processors) and registers them; the registry bean, and the
 * message bus behind it, are only looked up then, so they are not created early. Beans created
 * after start-up (non-singletons) are registered at once with the instance given here; each
 * instance of a prototype-scoped bean gets endpoints of its own. Annotations
 * are read from the target class, so methods on proxied beans are found.
 *
 * @since 0.1.0
 */
public class AgentListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

    private final Set<Class<?>> classesWithoutEndpoints = ConcurrentHashMap.newKeySet();

    /** Instances created so far of each prototype-scoped bean with endpoints. */
    private final Map<String, AtomicInteger> prototypeInstances = new ConcurrentHashMap<>();

    private final List<Declaration> pending = new ArrayList<>();

    private ConfigurableBeanFactory beanFactory;

    private AgentEndpointFactory endpoints;

    private AgentEndpointRegistry registry; // guarded by pending

    /** Creates the post-processor. */
    public AgentListenerAnnotationBeanPostProcessor() {
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (!(beanFactory instanceof ConfigurableBeanFactory configurable)) {
            throw new IllegalStateException("AMB annotation support needs a ConfigurableBeanFactory");
        }
        this.beanFactory = configurable;
        this.endpoints = new AgentEndpointFactory(configurable);
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (classesWithoutEndpoints.contains(targetClass)
                || !AnnotationUtils.isCandidateClass(targetClass, List.of(AgentListener.class, AgentResponder.class))) {
            return bean;
        }
        Map<Method, AgentListener> listeners = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<AgentListener>) method -> AnnotatedElementUtils
                    .findMergedAnnotation(method, AgentListener.class));
        Map<Method, AgentResponder> responders = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<AgentResponder>) method -> AnnotatedElementUtils
                    .findMergedAnnotation(method, AgentResponder.class));
        if (listeners.isEmpty() && responders.isEmpty()) {
            classesWithoutEndpoints.add(targetClass);
            return bean;
        }
        Declaration declaration = new Declaration(endpointOwner(beanName), bean, listeners, responders);
        AgentEndpointRegistry current;
        synchronized (pending) {
            current = registry;
            if (current == null) {
                pending.add(declaration);
                return bean;
            }
        }
        register(current, declaration, bean);
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        AgentEndpointRegistry resolved = beanFactory.getBean(AgentEndpointRegistry.class);
        List<Declaration> found;
        synchronized (pending) {
            found = new ArrayList<>(pending);
            pending.clear();
            registry = resolved;
        }
        for (Declaration declaration : found) {
            Object bean = beanFactory.containsSingleton(declaration.beanName())
                    ? beanFactory.getBean(declaration.beanName()) : declaration.bean();
            register(resolved, declaration, bean);
        }
    }

    /**
     * The name endpoints of this bean instance are registered under: the bean name, numbered for
     * each instance of a prototype-scoped bean ({@code worker#2}, ...), whose instances each get
     * their own endpoints (generated ids stay distinct; an explicit {@code id} on a prototype is
     * still refused as a duplicate on the second instance).
     */
    private String endpointOwner(String beanName) {
        boolean prototype;
        try {
            prototype = beanFactory.isPrototype(beanName);
        }
        catch (NoSuchBeanDefinitionException ex) {
            prototype = false; // an inner or manually registered bean
        }
        if (!prototype) {
            return beanName;
        }
        int instance = prototypeInstances.computeIfAbsent(beanName, name -> new AtomicInteger()).incrementAndGet();
        return instance == 1 ? beanName : beanName + "#" + instance;
    }

    private void register(AgentEndpointRegistry target, Declaration declaration, Object bean) {
        declaration.listeners()
            .forEach((method, annotation) -> target
                .register(endpoints.listener(bean, declaration.beanName(), method, annotation)));
        declaration.responders()
            .forEach((method, annotation) -> target
                .register(endpoints.responder(bean, declaration.beanName(), method, annotation)));
    }

    /** The annotated methods of one bean, waiting for the context to finish creating singletons. */
    private record Declaration(String beanName, Object bean, Map<Method, AgentListener> listeners,
            Map<Method, AgentResponder> responders) {
    }
}
