package io.vertedge.store.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one batch into a {@link StateLayout} without committing. What it changes in memory
 * (the version counter, key counts) is kept here and published by the store only after the
 * commit, so a batch that fails and is rolled back leaves no trace.
 */
final class BatchWriter {

  private static final int MAX_KEY_LENGTH = StateStore.MAX_KEY_LENGTH;

  private final StateLayout layout;
  private final AtomicLong handedOut;
  private long lastVersion;
  private final Map<String, Long> mapVersions = new HashMap<>();
  private final Map<String, Long> liveKeyChanges = new HashMap<>();
  private final List<VersionIndex.Move> moves = new ArrayList<>();

  /** {@code handedOut}: the store's version counter, shared with the writers that take versions ahead. */
  BatchWriter(StateLayout layout, long lastVersion, AtomicLong handedOut) {
    this.layout = layout;
    this.lastVersion = lastVersion;
    this.handedOut = handedOut;
  }

  void write(Batch batch) {
    for (Batch.Write write : batch.writes()) {
      write(write.map(), write.key(), write.value(), write.version());
    }
    // a write applied again on recovery may be older than what its map already holds
    mapVersions.forEach((map, version) -> {
      if (version > layout.mapVersions.getOrDefault(map, 0L)) {
        layout.mapVersions.put(map, version);
      }
    });
    layout.meta.put(StateLayout.LAST_VERSION, lastVersion);
    layout.marks.putAll(batch.marks());
  }

  private void write(String map, String key, byte[] value, long given) {
    // checked as it comes rather than up front: a MapDB failure can also strike midway, and
    // both take the same road (rollback)
    if (key.length() > MAX_KEY_LENGTH || map.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("state key longer than " + MAX_KEY_LENGTH + " characters in map " + abbreviate(map)
          + ": " + abbreviate(key));
    }
    if (value == null && !hasValue(layout.entry(map, key))) {
      return; // nothing to delete: a tombstone would only cost peers a message
    }
    // one counter for both kinds, so that no two entries of a map ever share a version
    long version = given > 0 ? given : handedOut.incrementAndGet();
    handedOut.accumulateAndGet(version, Math::max);
    lastVersion = Math.max(lastVersion, version);
    StateLayout.Replaced previous = layout.write(map, key, version, value);
    moves.add(new VersionIndex.Move(map, key, previous == null ? 0 : previous.version(), version));
    boolean hadValue = previous != null && previous.hadValue();
    mapVersions.merge(map, version, Math::max);
    long change = (value != null ? 1 : 0) - (hadValue ? 1 : 0);
    if (change != 0) {
      liveKeyChanges.merge(map, change, Long::sum);
    }
  }

  private static boolean hasValue(Versioned entry) {
    return entry != null && !entry.isTombstone();
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  /** How the batch moved keys in the version index, for after the commit. */
  List<VersionIndex.Move> moves() {
    return moves;
  }

  long lastVersion() {
    return lastVersion;
  }

  /** Per map, how many keys gained a value minus how many lost theirs. */
  Map<String, Long> liveKeyChanges() {
    return liveKeyChanges;
  }
}
