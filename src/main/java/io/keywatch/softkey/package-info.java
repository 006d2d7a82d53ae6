/**
 * The softkey db on disk: locating {@code bjca_softkey.db}, inspecting and diagnosing it, the journalled
 * reset into the quarantine, restore, and {@code prepare-image}. Files, not protocol: talking to BJCA is
 * {@link io.keywatch.bjca}'s job.
 */
package io.keywatch.softkey;
