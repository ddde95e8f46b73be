package dev.amb.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.amb.AmbHeaders;

/**
 * What brokers carry: a CloudEvents 1.0 event whose data is already serialized.
 *
 * <p>The context attributes are fields ({@code id}, {@code source}, {@code type} = {@link #topic()},
 * {@code time}, {@code datacontenttype}); AMB's CloudEvents extensions (correlation id, reply-to,
 * signature, trace context, ...) are in {@link #extensions()} under their lower-case names from
 * {@link AmbHeaders}; the publisher's user headers are in {@link #headers()}.
 *
 * <p>Immutable and thread safe, with one exception for speed: {@link #data()} returns the
 * envelope's own array, which callers must not modify.
 *
 * @since 0.1.0
 */
public final class Envelope {

    private static final byte[] EMPTY = new byte[0];

    private final String id;
    private final String topic;
    private final String source;
    private final Instant time;
    private final String contentType;
    private final byte[] data;
    private final Map<String, String> headers;
    private final Map<String, String> extensions;

    private Envelope(Builder builder) {
        this.id = Objects.requireNonNull(builder.id, "envelope id must not be null");
        this.topic = Objects.requireNonNull(builder.topic, "envelope topic must not be null");
        this.source = builder.source;
        this.time = builder.time;
        this.contentType = builder.contentType;
        this.data = builder.data != null ? builder.data : EMPTY;
        this.headers = freeze(builder.headers);
        this.extensions = freeze(builder.extensions);
    }

    private static Map<String, String> freeze(Map<String, String> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder pre-filled with this envelope's values */
    public Builder toBuilder() {
        Builder builder = new Builder().id(id).topic(topic).source(source).time(time).contentType(contentType).data(data);
        if (!headers.isEmpty()) {
            builder.headers = new LinkedHashMap<>(headers);
        }
        if (!extensions.isEmpty()) {
            builder.extensions = new LinkedHashMap<>(extensions);
        }
        return builder;
    }

    /** @return the CloudEvents {@code id} */
    public String id() {
        return id;
    }

    /** @return the AMB topic (CloudEvents {@code type}) */
    public String topic() {
        return topic;
    }

    /** @return the publishing agent's id (CloudEvents {@code source}), or {@code null} when unknown */
    public String source() {
        return source;
    }

    /** @return the publish time, or {@code null} when the producer did not set one */
    public Instant time() {
        return time;
    }

    /** @return the payload's media type, or {@code null} when the producer did not say */
    public String contentType() {
        return contentType;
    }

    /** @return the serialized payload (the envelope's own array: do not modify); empty for no payload */
    public byte[] data() {
        return data;
    }

    /** @return the user headers, unmodifiable */
    public Map<String, String> headers() {
        return headers;
    }

    /** @return the CloudEvents extension attributes, unmodifiable */
    public Map<String, String> extensions() {
        return extensions;
    }

    /**
     * One extension attribute.
     * @param name the extension name
     * @return its value or {@code null}
     */
    public String extension(String name) {
        return extensions.get(name);
    }

    /** @return the correlation id extension, or {@code null} */
    public String correlationId() {
        return extensions.get(AmbHeaders.EXT_CORRELATION_ID);
    }

    /** @return the reply-to extension, or {@code null} */
    public String replyTo() {
        return extensions.get(AmbHeaders.EXT_REPLY_TO);
    }

    @Override
    public String toString() {
        return "Envelope[id=" + id + ", topic=" + topic + ", source=" + source + ", contentType=" + contentType
                + ", bytes=" + data.length + ", headers=" + headers.keySet() + ", extensions=" + extensions.keySet() + "]";
    }

    /**
     * Builds {@link Envelope}s. Not thread safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private String id;
        private String topic;
        private String source;
        private Instant time;
        private String contentType;
        private byte[] data;
        /** Created on the first header: most messages have none. */
        private Map<String, String> headers;
        /** Created on the first extension. */
        private Map<String, String> extensions;

        private Builder() {
        }

        /**
         * @param id the message id
         * @return this builder
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * @param topic the topic
         * @return this builder
         */
        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /**
         * @param source the publishing agent's id
         * @return this builder
         */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /**
         * @param time the publish time
         * @return this builder
         */
        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        /**
         * @param contentType the payload media type
         * @return this builder
         */
        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /**
         * @param data the serialized payload (not copied)
         * @return this builder
         */
        public Builder data(byte[] data) {
            this.data = data;
            return this;
        }

        /**
         * Adds or replaces one user header.
         * @param name the header name
         * @param value the header value
         * @return this builder
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, "header value");
            if (headers == null) {
                headers = new LinkedHashMap<>();
            }
            headers.put(name, value);
            return this;
        }

        /**
         * Adds user headers.
         * @param headers the headers to add
         * @return this builder
         */
        public Builder headers(Map<String, String> headers) {
            headers.forEach(this::header);
            return this;
        }

        /**
         * Adds, replaces or (with a {@code null} value) removes one extension attribute.
         * @param name the extension name (lower-case letters and digits)
         * @param value the value, or {@code null} to remove it
         * @return this builder
         */
        public Builder extension(String name, String value) {
            if (value == null) {
                if (extensions != null) {
                    extensions.remove(name);
                }
            }
            else {
                Objects.requireNonNull(name, "extension name");
                if (extensions == null) {
                    extensions = new LinkedHashMap<>();
                }
                extensions.put(name, value);
            }
            return this;
        }

        /** @return the envelope */
        public Envelope build() {
            return new Envelope(this);
        }
    }
}
