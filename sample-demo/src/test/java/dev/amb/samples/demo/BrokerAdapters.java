package dev.amb.samples.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Helpers for the end-to-end tests on real brokers.
 */
final class BrokerAdapters {

    private BrokerAdapters() {
    }

    /** @return the properties followed by the broker's */
    static String[] with(String[] properties, String... brokerProperties) {
        List<String> all = new ArrayList<>(List.of(properties));
        all.addAll(List.of(brokerProperties));
        return all.toArray(String[]::new);
    }
}
