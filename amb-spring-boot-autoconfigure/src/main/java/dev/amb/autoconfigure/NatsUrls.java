package dev.amb.autoconfigure;

import java.util.regex.Pattern;

/**
 * Hides the credentials in NATS server URLs ({@code nats://user:password@host:4222},
 * {@code nats://token@host}) before a URL, or a message that may quote one, is printed.
 */
final class NatsUrls {

    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s,\\]]*@");

    private NatsUrls() {
    }

    /**
     * @param text a URL, a comma-separated list of URLs, or a message that quotes them; may be {@code null}
     * @return the text with every URL's user information replaced by {@code ***}
     */
    static String redact(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1***@");
    }
}
