package io.vertedge.link.sync;

import io.vertedge.link.proto.Envelope;
import io.vertx.core.Future;

import java.util.List;

/** Where one side keeps what it receives reliably on one channel from one peer. */
public interface SyncSink {

  /** The highest mark held durably; the peer resends everything above it. */
  long mark();

  /**
   * Makes the envelopes durable together with the new mark (their highest sequence) and
   * completes only then: the peer is told {@code ack} after it. Sequences are above
   * {@link #mark()} and increasing; a failure means none of them counts as received.
   */
  Future<Void> apply(List<Envelope> envelopes);
}
