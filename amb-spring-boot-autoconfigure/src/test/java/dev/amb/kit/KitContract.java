package dev.amb.kit;

/**
 * The root of the kit's contract interfaces: gives each default test method its context.
 */
public interface KitContract {

    /** @return the current test's context */
    KitContext kit();
}
