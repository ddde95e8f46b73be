package dev.amb.broker.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A Streams subscription's consumer lag from {@code XINFO GROUPS}: for its group on each of its
 * streams, the entries delivered and not acknowledged ({@code pending}) plus the entries not yet
 * delivered ({@code lag}, Redis 7 and later; counted as 0 when the server cannot tell). The
 * commands are asynchronous: nothing blocks the caller.
 */
final class StreamLag {

    private StreamLag() {
    }

    static CompletableFuture<OptionalLong> of(RedisRuntime runtime, List<String> keys, String group) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(OptionalLong.of(0));
        }
        List<CompletableFuture<Long>> parts = keys.stream()
            .map(key -> runtime.link(key).commands().xinfoGroups(key).toCompletableFuture()
                .thenApply(groups -> ofGroup(groups, group)))
            .toList();
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
            .thenApply(done -> OptionalLong.of(parts.stream().mapToLong(CompletableFuture::join).sum()));
    }

    /** @return pending + lag of the named group in one XINFO GROUPS answer, 0 when the group is not there */
    static long ofGroup(List<Object> groups, String group) {
        for (Object entry : groups) {
            if (entry instanceof List<?> fields && group.equals(field(fields, "name"))) {
                return number(field(fields, "pending")) + number(field(fields, "lag"));
            }
        }
        return 0;
    }

    private static Object field(List<?> fields, String name) {
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (name.equals(text(fields.get(i)))) {
                Object value = fields.get(i + 1);
                return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value;
            }
        }
        return null;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }
}
