package dev.amb.core;

/**
 * The rule for agent ids. An agent id becomes the CloudEvents {@code source} of every message the
 * agent sends (a URI reference) and travels in broker headers, so it is limited to characters that
 * are safe everywhere without escaping: letters, digits and {@code . _ - : @ /}.
 *
 * @since 0.1.0
 */
public final class AgentIds {

    /** The rule, as error messages state it. */
    public static final String RULE = "agent ids are letters, digits and . _ - : @ / (at most 200 characters)";

    private static final int MAX_LENGTH = 200;

    private AgentIds() {
    }

    /**
     * @param id a candidate agent id
     * @return {@code true} when it follows the rule
     */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!isAllowed(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes a valid agent id from any text (an application name, say) by replacing every
     * character the rule does not allow with {@code -}.
     * @param text the text
     * @return a valid agent id ({@code amb-agent} for empty text)
     */
    public static String sanitize(String text) {
        if (text == null || text.isBlank()) {
            return "amb-agent";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        for (int i = 0; i < text.length() && out.length() < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(isAllowed(c) ? c : '-');
        }
        return out.toString();
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                || c == '-' || c == ':' || c == '@' || c == '/';
    }
}
