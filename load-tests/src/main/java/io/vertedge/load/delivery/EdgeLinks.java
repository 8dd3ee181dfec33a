package io.vertedge.load.delivery;

import io.vertedge.link.Link;
import io.vertedge.runtime.EdgeRuntime;

import java.util.Optional;

/** Waiting for an edge's link, for the delivery benchmarks. */
final class EdgeLinks {

  private EdgeLinks() { }

  /** The edge's open link, polled every {@code pollMillis}; fails when the edge gives up or after the timeout. */
  static Link await(EdgeRuntime edge, long timeoutMillis, long pollMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      Optional<Link> link = edge.link();
      if (link.isPresent() && link.get().isOpen()) {
        return link.get();
      }
      if (edge.fatal().failed()) {
        throw new IllegalStateException("the edge cannot go on", edge.fatal().cause());
      }
      Thread.sleep(pollMillis);
    }
    throw new IllegalStateException("no link to the cloud after " + timeoutMillis + " ms");
  }
}
