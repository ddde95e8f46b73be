package dev.amb.broker.memory;

/**
 * One queued message: the envelope's binary form and the delivery attempt it will be.
 */
record Frame(byte[] bytes, int attempt) {

    Frame nextAttempt() {
        return new Frame(bytes, attempt + 1);
    }
}
