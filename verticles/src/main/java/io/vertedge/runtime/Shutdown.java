package io.vertedge.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Clean stop on SIGTERM and SIGINT (API.md section 1): the signal is handled here instead of by
 * the JVM's shutdown hooks, so that the process can close everything and then exit 0 rather
 * than 143/130 (FIELD-NOTES: {@code System.exit} inside a shutdown hook deadlocks).
 */
public final class Shutdown {

  private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

  private final CountDownLatch requested = new CountDownLatch(1);
  private final AtomicReference<String> signal = new AtomicReference<>();

  /** Installs the handlers; {@link #await()} returns once either signal arrived. */
  public static Shutdown onSignals() {
    Shutdown shutdown = new Shutdown();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), received -> shutdown.request("SIG" + received.getName()));
    }
    return shutdown;
  }

  public void request(String why) {
    if (signal.compareAndSet(null, why)) {
      log.info("stopping ({})", why);
    }
    requested.countDown();
  }

  public void await() throws InterruptedException {
    requested.await();
  }
}
