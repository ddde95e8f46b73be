package dev.amb.core;

import java.lang.reflect.Type;

import dev.amb.SubscriptionOptions;
import dev.amb.topic.TopicPattern;

/**
 * The fixed facts about one subscription that the inbound pipeline needs.
 *
 * @param id the subscription's name
 * @param pattern the parsed pattern
 * @param options the options it was created with
 * @param payloadType the type payloads are decoded into
 */
record SubscriptionContext(String id, TopicPattern pattern, SubscriptionOptions options, Type payloadType) {

    String group() {
        return options.group();
    }
}
