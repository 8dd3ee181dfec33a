package io.vertedge.mappers.push.http;

import io.vertedge.mappers.push.OutageLog;
import io.vertedge.mappers.push.Reading;
import org.slf4j.Logger;

import java.util.HashSet;
import java.util.Set;

/**
 * The outages of one HTTP receiver, which many targets (every property of every device posting
 * there) share: one warning when the first target starts failing and one line when the last
 * failing target works again, with the readings lost meanwhile — not a line per target, which a
 * receiver serving a thousand devices would turn into thousands. Its targets may push from any
 * context, hence the locking.
 */
final class ReceiverOutage {

  private final Logger log;
  private final String url;
  private final Set<HttpTarget> failing = new HashSet<>();
  private long lost;

  ReceiverOutage(Logger log, String url) {
    this.log = log;
    this.url = url;
  }

  /** {@code target} lost {@code reading}; the first failing target of the receiver starts an outage. */
  synchronized void failed(HttpTarget target, String field, Reading reading, Throwable cause) {
    lost++;
    if (failing.add(target) && failing.size() == 1) {
      log.warn("[node: {}, device: {}] {}: http push to {} failing (logged once until every push there works again): {}",
          reading.node(), reading.deviceId(), field, url, OutageLog.why(cause));
    }
  }

  /** {@code target} pushed {@code reading}; the receiver's outage ends with its last failing target. */
  synchronized void worked(HttpTarget target, Reading reading) {
    if (failing.remove(target) && failing.isEmpty()) {
      log.info("[node: {}, device: {}] http push to {} works again; {} readings lost meanwhile", reading.node(),
          reading.deviceId(), url, lost);
      lost = 0;
    }
  }

  /** A target that stopped pushing here ends its part of the outage without a line of its own. */
  synchronized void released(HttpTarget target) {
    failing.remove(target);
    if (failing.isEmpty()) {
      lost = 0;
    }
  }

  synchronized boolean down(HttpTarget target) {
    return failing.contains(target);
  }
}
