package io.vertedge.config;

import java.time.Duration;

/** The {@code link.*} keys both sides share, and their limits. */
final class LinkKeys {

  static final ConfigKey HEARTBEAT_INTERVAL = new ConfigKey("link.heartbeatInterval", KeyType.DURATION, "15s",
      "duration", "Time between link heartbeats (at least 100ms).");
  static final ConfigKey HEARTBEAT_MISSES = new ConfigKey("link.heartbeatMisses", KeyType.INT, "3",
      "count", "Heartbeats missed in a row before the link is declared dead (at least 1).");
  static final ConfigKey MAX_FRAME_SIZE = new ConfigKey("link.maxFrameSize", KeyType.SIZE, "1MiB",
      "bytes", "Largest frame accepted on the link (1KiB to 64MiB).");

  private static final Duration MIN_HEARTBEAT = Duration.ofMillis(100);
  private static final long MIN_FRAME = 1024;
  private static final long MAX_FRAME = 64L * 1024 * 1024;

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
  }
}
