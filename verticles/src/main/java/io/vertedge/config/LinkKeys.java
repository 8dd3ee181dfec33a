package io.vertedge.config;

import io.vertedge.link.quic.QuicSettings;
import java.time.Duration;

/** The {@code link.*} keys both sides share, and their limits. */
final class LinkKeys {

  static final ConfigKey HEARTBEAT_INTERVAL = new ConfigKey("link.heartbeatInterval", KeyType.DURATION, "15s",
      "duration", "Time between link heartbeats (at least 100ms).");
  static final ConfigKey HEARTBEAT_MISSES = new ConfigKey("link.heartbeatMisses", KeyType.INT, "3",
      "count", "Heartbeats missed in a row before the link is declared dead (at least 1).");
  static final ConfigKey MAX_FRAME_SIZE = new ConfigKey("link.maxFrameSize", KeyType.SIZE, "1MiB",
      "bytes", "Largest frame accepted on the link (1KiB to 64MiB).");
  static final ConfigKey QUIC_IDLE_TIMEOUT = new ConfigKey("link.quicIdleTimeout", KeyType.DURATION, "60s",
      "duration", "QUIC closes a link silent this long (longer than link.heartbeatInterval x link.heartbeatMisses).");
  static final ConfigKey QUIC_MAX_STREAMS = new ConfigKey("link.quicMaxStreams", KeyType.INT, "8",
      "count", "Streams a peer may open on a QUIC link, one per link channel (at least 4).");
  static final ConfigKey QUIC_STREAM_WINDOW = new ConfigKey("link.quicStreamWindow", KeyType.SIZE, "1MiB",
      "bytes", "QUIC flow-control window of each stream (1KiB to 1GiB).");
  static final ConfigKey QUIC_CONNECTION_WINDOW = new ConfigKey("link.quicConnectionWindow", KeyType.SIZE, "4MiB",
      "bytes", "QUIC flow-control window of a whole link, all streams together (link.quicStreamWindow to 4GiB).");

  private static final Duration MIN_HEARTBEAT = Duration.ofMillis(100);
  private static final long MIN_FRAME = 1024;
  private static final long MAX_FRAME = 64L * 1024 * 1024;
  private static final int MIN_QUIC_STREAMS = 4;
  private static final long MIN_STREAM_WINDOW = 1024;
  private static final long MAX_STREAM_WINDOW = 1024L * 1024 * 1024;
  private static final long MAX_CONNECTION_WINDOW = 4L * 1024 * 1024 * 1024;

  private LinkKeys() { }

  /** Fails on values that would make the link useless, naming the key. */
  static void validate(Settings s) {
    Duration interval = s.duration(HEARTBEAT_INTERVAL);
    if (interval.compareTo(MIN_HEARTBEAT) < 0) {
      throw ConfigException.forKey(HEARTBEAT_INTERVAL.name(),
          Units.quote(s.raw(HEARTBEAT_INTERVAL)) + " is too short (at least 100ms)");
    }
    if (s.integer(HEARTBEAT_MISSES) < 1) {
      throw ConfigException.forKey(HEARTBEAT_MISSES.name(),
          Units.quote(s.raw(HEARTBEAT_MISSES)) + " is too small (at least 1)");
    }
    long frame = s.size(MAX_FRAME_SIZE);
    if (frame < MIN_FRAME || frame > MAX_FRAME) {
      throw ConfigException.forKey(MAX_FRAME_SIZE.name(),
          Units.quote(s.raw(MAX_FRAME_SIZE)) + " is out of range (1KiB to 64MiB)");
    }
    validateQuic(s);
  }

  /**
   * The shared QUIC keys. Handshake timeout and probe interval stay at their defaults: only the
   * edge's {@code auto} transport uses them, and the edge sets its own.
   */
  static QuicSettings quic(Settings s) {
    QuicSettings defaults = QuicSettings.defaults();
    return new QuicSettings(s.duration(QUIC_IDLE_TIMEOUT), s.integer(QUIC_MAX_STREAMS), s.size(QUIC_STREAM_WINDOW),
        s.size(QUIC_CONNECTION_WINDOW), defaults.handshakeTimeout(), defaults.probeInterval());
  }

  private static void validateQuic(Settings s) {
    Duration silenceLimit = s.duration(HEARTBEAT_INTERVAL).multipliedBy(s.integer(HEARTBEAT_MISSES));
    if (s.duration(QUIC_IDLE_TIMEOUT).compareTo(silenceLimit) <= 0) {
      throw ConfigException.forKey(QUIC_IDLE_TIMEOUT.name(), Units.quote(s.raw(QUIC_IDLE_TIMEOUT))
          + " must be longer than the heartbeats' silence limit (link.heartbeatInterval x link.heartbeatMisses = "
          + Units.formatDuration(silenceLimit) + "), or QUIC would close links the heartbeats keep alive");
    }
    if (s.integer(QUIC_MAX_STREAMS) < MIN_QUIC_STREAMS) {
      throw ConfigException.forKey(QUIC_MAX_STREAMS.name(),
          Units.quote(s.raw(QUIC_MAX_STREAMS)) + " is too small (at least 4)");
    }
    long streamWindow = s.size(QUIC_STREAM_WINDOW);
    if (streamWindow < MIN_STREAM_WINDOW || streamWindow > MAX_STREAM_WINDOW) {
      throw ConfigException.forKey(QUIC_STREAM_WINDOW.name(),
          Units.quote(s.raw(QUIC_STREAM_WINDOW)) + " is out of range (1KiB to 1GiB)");
    }
    long connectionWindow = s.size(QUIC_CONNECTION_WINDOW);
    if (connectionWindow < streamWindow) {
      throw ConfigException.forKey(QUIC_CONNECTION_WINDOW.name(), Units.quote(s.raw(QUIC_CONNECTION_WINDOW))
          + " is too small (at least link.quicStreamWindow = " + Units.formatSize(streamWindow) + ")");
    }
    if (connectionWindow > MAX_CONNECTION_WINDOW) {
      throw ConfigException.forKey(QUIC_CONNECTION_WINDOW.name(),
          Units.quote(s.raw(QUIC_CONNECTION_WINDOW)) + " is too large (at most 4GiB)");
    }
  }
}
