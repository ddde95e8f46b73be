/**
 * The Amazon SQS broker adapter (AWS SDK v2 {@code SqsAsyncClient}): queues per subscription, a
 * queue-tag registry the publishers fan out from, and visibility-timeout leases.
 */
package dev.amb.broker.sqs;
