/**
 * The Apache Kafka broker adapter, on the Kafka Java client (kafka-clients, as spring-kafka
 * brings it): AMB topics are Kafka topics, groups are Kafka consumer groups, broadcast
 * subscriptions read assigned partitions from their end without a group, and deliveries are
 * committed in order per partition once settled.
 */
package dev.amb.broker.kafka;
