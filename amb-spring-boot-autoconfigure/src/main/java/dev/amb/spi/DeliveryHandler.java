package dev.amb.spi;

/**
 * The bus's side of a broker subscription: receives each delivery.
 *
 * <p><b>Threading:</b> called on a thread owned by the broker adapter; never more than the
 * subscription's concurrency at once, and one at a time in delivery order when the concurrency is
 * 1. The handler may block (it runs user code). It never throws; it settles each delivery, possibly
 * later and from another thread.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DeliveryHandler {

    /**
     * Processes one delivery.
     * @param delivery the delivery to process and settle
     */
    void onDelivery(Delivery delivery);
}
