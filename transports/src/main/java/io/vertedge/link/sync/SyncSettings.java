package io.vertedge.link.sync;

/**
 * How much a sender keeps unacknowledged on one channel of one link, and how much it reads
 * from its source at once. The window bounds memory and the link's queues; producers are held
 * back by their store's bound, never by dropping here.
 *
 * @param maxInFlight      envelopes sent and not yet acknowledged
 * @param maxInFlightBytes their encoded size
 * @param readBatch        envelopes read from the source per read
 */
public record SyncSettings(int maxInFlight, long maxInFlightBytes, int readBatch) {

  public SyncSettings {
    if (maxInFlight < 1 || maxInFlightBytes < 1 || readBatch < 1) {
      throw new IllegalArgumentException("sync window and batch must be positive");
    }
  }

  public static SyncSettings defaults() {
    return new SyncSettings(16_384, 16L << 20, 1_024);
  }
}
