/**
 * The BJCA certificate environment (XTX) side of KeyWatch: adapters of {@link io.keywatch.core.XtxClient}.
 *
 * <ul>
 *   <li>{@link io.keywatch.bjca.XtxClients#open} — the one entry point: bridge {@code auto | websocket | http | com},
 *       service URL(s), call timeout, whether a non-loopback service is allowed.</li>
 *   <li>{@link io.keywatch.bjca.WebSocketXtxClient} — {@code ws://127.0.0.1:21051/xtxapp/}, with
 *       {@code onUsbkeyChange} pushes and reconnection.</li>
 *   <li>{@link io.keywatch.bjca.HttpXtxClient} — {@code POST http://127.0.0.1:21051/synctl}, no pushes.</li>
 *   <li>{@link io.keywatch.bjca.XtxProtocol} — the wire format and strict parsing of untrusted replies.</li>
 *   <li>{@link io.keywatch.bjca.BjcaEndpoint} — the loopback rule and default URLs.</li>
 * </ul>
 * Error kinds: UNAVAILABLE (refused, dropped, closed), TIMEOUT (no answer within the timeout),
 * PROTOCOL (an answer that is not understood; the message quotes it, secrets masked, and says what is accepted).
 */
package io.keywatch.bjca;
