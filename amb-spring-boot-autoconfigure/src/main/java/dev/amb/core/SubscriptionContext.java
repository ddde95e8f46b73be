package dev.amb.core;

import java.lang.reflect.Type;
import java.util.List;

import dev.amb.SubscriptionOptions;
import dev.amb.spi.support.PatternSet;

/**
 * The fixed facts about one subscription that the inbound pipeline needs.
 *
 * @param id the subscription's name
 * @param patterns the parsed patterns
 * @param options the options it was created with
 * @param payloadType the type payloads are decoded into
 * @param counters where its figures are counted
 */
record SubscriptionContext(String id, PatternSet patterns, SubscriptionOptions options, Type payloadType,
        SubscriptionCounters counters) {

    /** @return the patterns as given */
    List<String> patternValues() {
        return options.patterns();
    }

    String group() {
        return options.group();
    }
}
