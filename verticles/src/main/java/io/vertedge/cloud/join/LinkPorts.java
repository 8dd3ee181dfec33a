package io.vertedge.cloud.join;

/**
 * The ports the link server actually bound, as {@code GET /v1/endpoints} tells edges. The link
 * binds separately, so the join server asks for them per request through a supplier.
 */
public record LinkPorts(int websocketPort, int quicPort) { }
