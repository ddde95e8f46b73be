package dev.amb.topic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes a topic to the values registered under every pattern that matches it.
 *
 * <p>Patterns are stored in a trie keyed by segment, with {@code *} and {@code #} as ordinary
 * child keys. Matching walks the trie once along the topic's segments, following the literal
 * child, the {@code *} child and the {@code #} child at each step, so the cost of routing a topic
 * depends on the topic and on the patterns that actually match it, not on the total number of
 * patterns. Each (node, position) pair is visited at most once, which bounds the walk even for
 * patterns with several {@code #}.
 *
 * <p><b>Threading:</b> {@link #match(String)} is lock-free and may run concurrently with
 * {@link #add} and {@link #remove}; it sees each registration either entirely or not at all.
 * Writers are serialized on an internal lock.
 *
 * @param <V> the registered values (for example subscriptions)
 * @since 0.1.0
 */
public final class TopicTrie<V> {

    private final Node<V> root = new Node<>();

    private final Object writeLock = new Object();

    private volatile int size;

    /** Creates an empty trie. */
    public TopicTrie() {
    }

    /**
     * Registers {@code value} under {@code pattern}. Registering the same value twice under the
     * same pattern is a no-op.
     * @param pattern the pattern
     * @param value the value
     */
    public void add(TopicPattern pattern, V value) {
        synchronized (writeLock) {
            Node<V> node = root;
            for (String segment : pattern.segments()) {
                node = node.children.computeIfAbsent(segment, key -> new Node<>());
            }
            if (!node.values.contains(value)) {
                List<V> copy = new ArrayList<>(node.values);
                copy.add(value);
                node.values = List.copyOf(copy);
                size++;
            }
        }
    }

    /**
     * Removes {@code value} from {@code pattern}, pruning nodes left empty.
     * @param pattern the pattern it was registered under
     * @param value the value
     * @return {@code true} when it was registered
     */
    public boolean remove(TopicPattern pattern, V value) {
        synchronized (writeLock) {
            String[] segments = pattern.segments();
            List<Node<V>> path = new ArrayList<>(segments.length + 1);
            Node<V> node = root;
            path.add(node);
            for (String segment : segments) {
                node = node.children.get(segment);
                if (node == null) {
                    return false;
                }
                path.add(node);
            }
            if (!node.values.contains(value)) {
                return false;
            }
            List<V> copy = new ArrayList<>(node.values);
            copy.remove(value);
            node.values = List.copyOf(copy);
            size--;
            for (int i = path.size() - 1; i > 0; i--) {
                Node<V> n = path.get(i);
                if (!n.values.isEmpty() || !n.children.isEmpty()) {
                    break;
                }
                path.get(i - 1).children.remove(segments[i - 1], n);
            }
            return true;
        }
    }

    /**
     * Finds every value whose pattern matches {@code topic}. A value appears once for each pattern
     * it is registered under that matches.
     * @param topic a valid concrete topic
     * @return the matching values, in no particular order
     */
    public List<V> match(String topic) {
        String[] segments = Topics.segments(topic);
        List<V> out = new ArrayList<>(4);
        new Matcher<>(segments, out).visit(root, 0);
        return out.isEmpty() ? Collections.emptyList() : out;
    }

    /** @return the number of (pattern, value) registrations */
    public int size() {
        return size;
    }

    /** @return {@code true} when nothing is registered */
    public boolean isEmpty() {
        return size == 0;
    }

    private static final class Node<V> {

        final Map<String, Node<V>> children = new ConcurrentHashMap<>(4);

        volatile List<V> values = List.of();
    }

    private static final class Matcher<V> {

        private final String[] segments;

        private final List<V> out;

        /** The '#' nodes reached so far, and for each a bit set of the positions visited there. */
        private Object[] hashNodes;

        private long[] visitedPositions;

        private int hashNodeCount;

        /** Longs per '#' node: positions run from 0 to the segment count inclusive. */
        private final int wordsPerNode;

        Matcher(String[] segments, List<V> out) {
            this.segments = segments;
            this.out = out;
            this.wordsPerNode = (segments.length >>> 6) + 1;
        }

        void visit(Node<V> node, int position) {
            Node<V> hash = node.children.get(TopicPattern.HASH);
            if (hash != null) {
                // '#' consumes zero or more segments: continue from the '#' node at every position
                for (int p = position; p <= segments.length; p++) {
                    if (firstVisit(hash, p)) {
                        visit(hash, p);
                    }
                }
            }
            if (position == segments.length) {
                out.addAll(node.values);
                return;
            }
            Node<V> literal = node.children.get(segments[position]);
            if (literal != null) {
                visit(literal, position + 1);
            }
            Node<V> star = node.children.get(TopicPattern.STAR);
            if (star != null) {
                visit(star, position + 1);
            }
        }

        /**
         * Records that the '#' node was reached at this position. Only '#' nodes need it: every
         * other node is reached at a given position through a single path.
         */
        private boolean firstVisit(Node<V> hashNode, int position) {
            int index = indexOf(hashNode);
            int word = index * wordsPerNode + (position >>> 6);
            long bit = 1L << (position & 63);
            if ((visitedPositions[word] & bit) != 0) {
                return false;
            }
            visitedPositions[word] |= bit;
            return true;
        }

        private int indexOf(Node<V> hashNode) {
            if (hashNodes == null) {
                hashNodes = new Object[4];
                visitedPositions = new long[4 * wordsPerNode];
            }
            for (int i = 0; i < hashNodeCount; i++) {
                if (hashNodes[i] == hashNode) {
                    return i;
                }
            }
            if (hashNodeCount == hashNodes.length) {
                hashNodes = java.util.Arrays.copyOf(hashNodes, hashNodeCount * 2);
                visitedPositions = java.util.Arrays.copyOf(visitedPositions, hashNodeCount * 2 * wordsPerNode);
            }
            hashNodes[hashNodeCount] = hashNode;
            return hashNodeCount++;
        }
    }
}
