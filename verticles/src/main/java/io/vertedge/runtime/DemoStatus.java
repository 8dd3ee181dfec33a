package io.vertedge.runtime;

import io.vertedge.link.Link;

import java.time.Duration;
import java.util.Optional;

/** The one line the demo prints about its node once the link is up (or why not). */
final class DemoStatus {

  private DemoStatus() {
  }

  static String awaitLink(EdgeRuntime edge, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Link> link = edge.link();
      if (link.isPresent()) {
        return "connected over " + link.get().transport() + " (mutual TLS) to " + link.get().remoteAddress();
      }
      if (edge.fatal().failed()) {
        return "not connected: " + edge.fatal().cause().getMessage();
      }
      Thread.sleep(50);
    }
    return "not connected yet (still trying; see the log)";
  }
}
