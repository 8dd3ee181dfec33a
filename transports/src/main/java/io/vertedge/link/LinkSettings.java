package io.vertedge.link;

import java.time.Duration;

/**
 * What both ends of a link agree on locally: heartbeat cadence, how many missed beats close
 * the link, the largest frame accepted, the hello timeout and the software version announced.
 */
public record LinkSettings(Duration heartbeatInterval, int heartbeatMisses, int maxFrameSize,
                           Duration helloTimeout, String softwareVersion) {

  public LinkSettings {
    if (heartbeatInterval.toMillis() < 1) {
      throw new IllegalArgumentException("heartbeatInterval must be positive");
    }
    if (heartbeatMisses < 1) {
      throw new IllegalArgumentException("heartbeatMisses must be at least 1");
    }
  }

  public static LinkSettings defaults(String softwareVersion) {
    return new LinkSettings(Duration.ofSeconds(15), 3, 1 << 20, Duration.ofSeconds(10), softwareVersion);
  }

  public LinkSettings withHeartbeat(Duration interval, int misses) {
    return new LinkSettings(interval, misses, maxFrameSize, helloTimeout, softwareVersion);
  }

  public LinkSettings withMaxFrameSize(int size) {
    return new LinkSettings(heartbeatInterval, heartbeatMisses, size, helloTimeout, softwareVersion);
  }
}
