/**
 * The AMB public API: {@link dev.amb.MessageBus}, {@link dev.amb.Message},
 * {@link dev.amb.Subscription}, handlers, {@link dev.amb.SubscriptionOptions},
 * {@link dev.amb.MessageFilter}, {@link dev.amb.AckMode}, {@link dev.amb.AmbHeaders} and the
 * exception family rooted at {@link dev.amb.AmbException}. Depends on no other AMB package.
 */
package dev.amb;
