package io.vertedge.store.state;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Per map, version → key: what lets {@code changedSince} read in version order without
 * scanning a whole map. Kept in memory and rebuilt from the entries on open (format 2): on disk,
 * as format 1 kept it, MapDB's B-tree frees none of the nodes a moving version empties, so the
 * file and the first read after a reconnect grew with every write (BENCHMARKS.md, reconnect).
 * Changed only after a commit, so a rolled-back batch leaves no trace.
 */
final class VersionIndex {

  /** A key's move to a new version; {@code from} is 0 for a key new to the map, {@code to} 0 for a forgotten one. */
  record Move(String map, String key, long from, long to) { }

  private final Map<String, ConcurrentSkipListMap<Long, String>> byMap = new ConcurrentHashMap<>();

  void apply(List<Move> moves) {
    for (Move move : moves) {
      NavigableMap<Long, String> versions = byMap.computeIfAbsent(move.map(), map -> new ConcurrentSkipListMap<>());
      if (move.from() > 0) {
        versions.remove(move.from(), move.key());
      }
      if (move.to() > 0) {
        versions.put(move.to(), move.key());
      }
    }
  }

  /** The keys written after {@code version}, oldest first (a live view). */
  NavigableMap<Long, String> after(String map, long version) {
    ConcurrentSkipListMap<Long, String> versions = byMap.get(map);
    return versions == null ? new ConcurrentSkipListMap<>() : versions.tailMap(version, false);
  }

  /** The keys written before {@code version}, oldest first (a live view). */
  NavigableMap<Long, String> before(String map, long version) {
    ConcurrentSkipListMap<Long, String> versions = byMap.get(map);
    return versions == null ? new ConcurrentSkipListMap<>() : versions.headMap(version, false);
  }

  int size() {
    return byMap.values().stream().mapToInt(Map::size).sum();
  }
}
