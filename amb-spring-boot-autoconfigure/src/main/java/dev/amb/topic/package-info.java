/**
 * Topics and patterns: validation ({@link dev.amb.topic.Topics}), RabbitMQ-style patterns with
 * {@code *} and {@code #} ({@link dev.amb.topic.TopicPattern}) and a trie that routes a topic to
 * every matching pattern in time independent of how many patterns there are
 * ({@link dev.amb.topic.TopicTrie}).
 */
package dev.amb.topic;
