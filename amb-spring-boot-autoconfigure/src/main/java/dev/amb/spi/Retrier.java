package dev.amb.spi;

/**
 * Runs one message's handler attempts for one subscription.
 *
 * <p><b>Threading:</b> {@link #run} runs every attempt on the calling thread (the subscription's
 * delivery thread) and waits out the backoff there, so a retrying handler delays only its own
 * subscription. The wait ends early, with the last failure rethrown, when the thread is
 * interrupted (the subscription is closing).
 *
 * @since 0.1.0
 */
public interface Retrier {

    /** A retrier that makes a single attempt. */
    Retrier SINGLE_ATTEMPT = new Retrier() {

        @Override
        public int maxAttempts() {
            return 1;
        }

        @Override
        public void run(int firstAttempt, Attempt attempt) throws Exception {
            attempt.run(firstAttempt);
        }
    };

    /** @return the total number of attempts (the first plus the retries) */
    int maxAttempts();

    /**
     * Calls {@code attempt} with attempt numbers {@code firstAttempt}, {@code firstAttempt + 1},
     * ... up to {@link #maxAttempts()}, until one returns normally, the failure is not retryable,
     * or the attempts are used up; then rethrows the last failure.
     * @param firstAttempt the first attempt's number (a redelivered message continues its count)
     * @param attempt the work
     * @throws Exception the last failure
     */
    void run(int firstAttempt, Attempt attempt) throws Exception;

    /** One attempt. */
    @FunctionalInterface
    interface Attempt {

        /**
         * @param attemptNumber 1 for the first delivery attempt, 2 for the first retry...
         * @throws Exception the failure
         */
        void run(int attemptNumber) throws Exception;
    }
}
