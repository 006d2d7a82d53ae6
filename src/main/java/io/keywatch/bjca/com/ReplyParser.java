package io.keywatch.bjca.com;

/**
 * Turns a BJCA string reply into a value: the seam through which the COM bridge reuses the protocol
 * parsers shared with the WebSocket and HTTP bridges (e.g. {@code XtxProtocol::parseUserList}).
 * Any exception it throws becomes an {@link io.keywatch.core.XtxException} of kind PROTOCOL
 * (an XtxException passes through unchanged).
 */
@FunctionalInterface
public interface ReplyParser<T> {
    T parse(String reply) throws Exception;
}
