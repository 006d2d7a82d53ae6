/**
 * The embedded BJCA simulator ({@link io.keywatch.sim.BjcaSimulator}) used by {@code keywatch demo} and the
 * integration tests: WebSocket service and HTTP {@code synctl} on 127.0.0.1 (two ports, because
 * Java-WebSocket cannot serve plain HTTP on its port), a virtual key, the stale-{@code bjca_softkey.db}
 * incident and fault switches. Standalone: {@code java -cp keywatch.jar io.keywatch.sim.BjcaSimulator --help}.
 */
package io.keywatch.sim;
