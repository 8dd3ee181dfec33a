package io.vertedge.mappers.push;

import org.slf4j.Logger;

/**
 * Logs a target's outage once when it begins and once when it ends, however many readings
 * fail in between, and counts the readings lost meanwhile. Confined to the target's context.
 */
public final class OutageLog {

  private final Logger log;
  private final String target;
  private long lost;
  private boolean down;

  /** @param target how the log names the target after node and device, e.g. {@code properties[temperature].pushMethod.http: http push to http://...} */
  public OutageLog(Logger log, String target) {
    this.log = log;
    this.target = target;
  }

  /** {@code reading} was lost; the first since the target last worked starts an outage. */
  public void failed(Reading reading, Throwable cause) {
    lost++;
    if (!down) {
      down = true;
      log.warn("[node: {}, device: {}] {} failing (logged once until it works again): {}", reading.node(),
          reading.deviceId(), target, why(cause));
    }
  }

  /** {@code reading} went through; ends an outage, if any. */
  public void worked(Reading reading) {
    if (down) {
      down = false;
      log.info("[node: {}, device: {}] {} works again; {} readings lost meanwhile", reading.node(), reading.deviceId(),
          target, lost);
      lost = 0;
    }
  }

  /**
   * The failure and its root cause, for a log line: a TLS failure's own message says only that
   * the handshake failed, and some carry no message at all.
   */
  public static String why(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = text(cause);
    return root == cause || message.equals(text(root)) ? message : message + " (" + text(root) + ")";
  }

  private static String text(Throwable failure) {
    return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
  }

  public boolean down() {
    return down;
  }
}
