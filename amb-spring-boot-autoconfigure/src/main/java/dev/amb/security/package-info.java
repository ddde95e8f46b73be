/**
 * Message security as interceptors of the bus pipeline: HMAC signing and verification of the
 * CloudEvents attributes and data ({@link dev.amb.security.SigningInterceptor},
 * {@link dev.amb.security.VerifyingInterceptor}), topic access policies
 * ({@link dev.amb.security.TopicPolicy}), rate limits ({@link dev.amb.security.RateLimits}) and
 * audit records ({@link dev.amb.security.AuditSink}). Depends on the public API and the SPI only.
 */
package dev.amb.security;
