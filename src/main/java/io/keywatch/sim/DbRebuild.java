package io.keywatch.sim;

/**
 * Who makes a fresh {@code bjca_softkey.db} once the old one is gone. Which one real BJCA does is not
 * known publicly (the incident's fix went on to run the certificate assistant), so the simulator can
 * play either.
 */
public enum DbRebuild {
    /** The component itself, on the next {@code CheckSoftDeviceEnv} (the simulator's default). */
    COMPONENT,
    /**
     * Only BJCA's certificate assistant: until it has run ({@link SimulatedAssistant}), a missing db
     * makes {@code CheckSoftDeviceEnv} answer false and nothing is created.
     */
    ASSISTANT
}
