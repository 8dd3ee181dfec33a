package io.vertedge.link.sync;

import io.vertedge.link.proto.Envelope;
import io.vertx.core.Future;

import java.util.List;

/**
 * What one side sends reliably on one channel: a durable sequence of envelopes ordered by a
 * mark that only grows (an event log's sequence, or the version of a coalesced state map).
 * Each envelope's {@code sequence} is its mark.
 */
public interface SyncSource {

  /** Up to {@code max} envelopes with a mark above {@code after}, in mark order; empty when none. */
  Future<List<Envelope>> read(long after, int max);

  /** The receiver holds everything up to {@code mark} durably: the source may let it go. */
  void acknowledged(long mark);

  /** Called whenever envelopes above what was read become available. */
  void newDataHandler(Runnable handler);
}
