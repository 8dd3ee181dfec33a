package io.vertedge.link.quic;

import java.time.Duration;

/**
 * QUIC's own knobs, next to the transport-independent {@code LinkSettings}.
 *
 * @param idleTimeout      QUIC closes a connection silent this long; must exceed the heartbeats'
 *                         silence limit, or QUIC would end links the heartbeats keep alive
 * @param maxStreams       bidirectional streams a peer may open (the link uses one per channel)
 * @param streamWindow     flow-control window per stream, bytes
 * @param connectionWindow flow-control window per connection, bytes
 * @param handshakeTimeout (edge) how long {@code auto} waits for a QUIC handshake before WebSocket
 * @param probeInterval    (edge) longest wait between QUIC probes while {@code auto} runs on WebSocket
 */
public record QuicSettings(Duration idleTimeout, int maxStreams, long streamWindow, long connectionWindow,
                           Duration handshakeTimeout, Duration probeInterval) {

  /** The first QUIC probe after falling back to WebSocket; the wait doubles up to {@code probeInterval}. */
  public static final Duration FIRST_PROBE = Duration.ofSeconds(5);

  public QuicSettings {
    if (idleTimeout.toMillis() < 1 || handshakeTimeout.toMillis() < 1 || probeInterval.toMillis() < 1) {
      throw new IllegalArgumentException("QUIC timeouts must be positive");
    }
    if (maxStreams < 4) {
      throw new IllegalArgumentException("maxStreams must be at least 4 (one stream per link channel)");
    }
    if (streamWindow < 1024 || connectionWindow < streamWindow) {
      throw new IllegalArgumentException("windows must be at least 1 KiB, the connection's at least the stream's");
    }
  }

  public static QuicSettings defaults() {
    return new QuicSettings(Duration.ofSeconds(60), 8, 1L << 20, 4L << 20, Duration.ofSeconds(3), Duration.ofMinutes(5));
  }

  public QuicSettings withHandshakeTimeout(Duration timeout) {
    return new QuicSettings(idleTimeout, maxStreams, streamWindow, connectionWindow, timeout, probeInterval);
  }

  public QuicSettings withProbeInterval(Duration interval) {
    return new QuicSettings(idleTimeout, maxStreams, streamWindow, connectionWindow, handshakeTimeout, interval);
  }

  public QuicSettings withIdleTimeout(Duration timeout) {
    return new QuicSettings(timeout, maxStreams, streamWindow, connectionWindow, handshakeTimeout, probeInterval);
  }
}
