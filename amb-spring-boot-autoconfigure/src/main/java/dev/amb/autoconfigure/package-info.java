/**
 * Spring Boot auto-configuration of AMB: {@link dev.amb.autoconfigure.AmbAutoConfiguration},
 * the {@code amb.*} properties, the broker choice and the customizer hooks.
 */
package dev.amb.autoconfigure;
