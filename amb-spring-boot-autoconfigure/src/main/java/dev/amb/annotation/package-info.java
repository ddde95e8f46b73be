/**
 * The annotations that turn bean methods into agent endpoints:
 * {@link dev.amb.annotation.AgentListener}, {@link dev.amb.annotation.AgentResponder} and
 * {@link dev.amb.annotation.Header}.
 */
package dev.amb.annotation;
