package dev.amb.samples.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Helpers for the end-to-end tests on real brokers.
 */
final class BrokerAdapters {

    private BrokerAdapters() {
    }

    /** @return whether any of the named adapter classes is on the class path */
    static boolean present(String... classNames) {
        for (String className : classNames) {
            try {
                Class.forName(className, false, BrokerAdapters.class.getClassLoader());
                return true;
            }
            catch (ClassNotFoundException ex) {
                // try the next name
            }
        }
        return false;
    }

    /** @return the properties followed by the broker's */
    static String[] with(String[] properties, String... brokerProperties) {
        List<String> all = new ArrayList<>(List.of(properties));
        all.addAll(List.of(brokerProperties));
        return all.toArray(String[]::new);
    }
}
