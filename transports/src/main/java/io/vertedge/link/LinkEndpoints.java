package io.vertedge.link;

import java.net.URI;

/**
 * Where the cloud's link listens, as {@code GET /v1/endpoints} tells an edge:
 * {@code websocket} is a {@code wss://host:port/v1/link} URL, {@code quic} a {@code host:port}.
 */
public record LinkEndpoints(String websocket, String quic) {

  /** Host and port of the WebSocket URL. */
  public URI websocketUri() {
    return URI.create(websocket);
  }
}
