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

  /** @param target how the log names the target, e.g. {@code [device: default/t1, property: temperature] http push to http://...} */
  public OutageLog(Logger log, String target) {
    this.log = log;
    this.target = target;
  }

  /** A reading was lost; the first since the target last worked starts an outage. */
  public void failed(Throwable cause) {
    lost++;
    if (!down) {
      down = true;
      log.warn("{} failing (logged once until it works again): {}", target, cause.getMessage());
    }
  }

  /** A reading went through; ends an outage, if any. */
  public void worked() {
    if (down) {
      down = false;
      log.info("{} works again; {} readings lost meanwhile", target, lost);
      lost = 0;
    }
  }

  public boolean down() {
    return down;
  }
}
