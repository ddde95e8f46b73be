package dev.amb.serialization;

import java.lang.reflect.Type;

/**
 * The Jackson line a {@link JsonMessageSerializer} binds with: {@link Jackson2JsonBinding}
 * ({@code com.fasterxml.jackson}) or {@link Jackson3JsonBinding} ({@code tools.jackson}). Each
 * implementation is the only class that touches its line's types, so a class path with just one
 * Jackson line never loads the other's.
 */
interface JsonBinding {

    /**
     * @param data the value
     * @return its JSON bytes
     * @throws dev.amb.MessageSerializationException when Jackson cannot write it
     */
    byte[] write(Object data);

    /**
     * @param data JSON bytes
     * @param type the type to bind to
     * @return the value
     * @throws dev.amb.MessageSerializationException when Jackson cannot read it
     */
    Object read(byte[] data, Type type);

    /** @return the mapper in use */
    Object mapper();

    /** @return {@code "Jackson 2"} or {@code "Jackson 3"}, for messages */
    String line();
}
