package io.vertedge.delivery;

import io.vertedge.store.state.Versioned;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The state log's writes that are durable and not yet in the state store, newest per key, by
 * version: what lets a reader see a write a log force after it was accepted instead of after
 * the next MapDB commit. Versions are handed out in log order, and the log is forced in order,
 * so "durable up to version V" covers every write at or below V. Holds at most one entry per
 * key (plus the writes still being forced), and lets go of them once applied.
 */
final class PendingWrites {

  /** Entries of a map written after a version, and whether the store may hold more of them. */
  record After(List<Versioned> entries, boolean storeToo) { }

  private final Map<String, NavigableMap<Long, Versioned>> byMap = new HashMap<>();
  private final Map<String, Map<String, Long>> durableVersionOf = new HashMap<>();
  private long durableUpTo;
  private long appliedUpTo;

  PendingWrites(long appliedUpTo) {
    this.appliedUpTo = appliedUpTo;
    this.durableUpTo = appliedUpTo;
  }

  /** A write handed to the log at {@code version} (above every earlier one); not visible before {@link #durable}. */
  synchronized void appended(String map, Versioned write) {
    byMap.computeIfAbsent(map, name -> new TreeMap<>()).put(write.version(), write);
  }

  /** A write the log refused: it never becomes durable. */
  synchronized void refused(String map, long version) {
    NavigableMap<Long, Versioned> versions = byMap.get(map);
    if (versions != null && version > durableUpTo) {
      versions.remove(version);
      if (versions.isEmpty()) {
        byMap.remove(map);
      }
    }
  }

  /** Every write up to {@code version} is forced; older versions of their keys go. */
  synchronized void durable(long version) {
    if (version <= durableUpTo) {
      return;
    }
    byMap.forEach((map, versions) -> {
      Map<String, Long> newest = durableVersionOf.computeIfAbsent(map, name -> new HashMap<>());
      // copied by iterating: a sub-map's size() walks it, and new ArrayList<>(values()) asks for it
      List<Versioned> nowDurable = new ArrayList<>();
      for (Versioned write : versions.subMap(durableUpTo, false, version, true).values()) {
        nowDurable.add(write);
      }
      for (Versioned write : nowDurable) {
        Long older = newest.put(write.key(), write.version());
        if (older != null) {
          versions.remove(older);
        }
      }
    });
    durableUpTo = version;
  }

  /** Every write up to {@code version} is in the state store (after its commit): let go of them. */
  synchronized void applied(long version) {
    if (version <= appliedUpTo) {
      return;
    }
    appliedUpTo = version;
    // maps with nothing pending go, so that a force or a commit costs what is pending, not every map ever written
    byMap.entrySet().removeIf(pendingOfMap -> {
      NavigableMap<Long, Versioned> done = pendingOfMap.getValue().headMap(version, true);
      Map<String, Long> newest = durableVersionOf.get(pendingOfMap.getKey());
      if (newest != null) {
        done.values().forEach(write -> newest.remove(write.key(), write.version()));
        if (newest.isEmpty()) {
          durableVersionOf.remove(pendingOfMap.getKey());
        }
      }
      done.clear();
      return pendingOfMap.getValue().isEmpty();
    });
  }

  /**
   * Up to {@code limit} durable entries of the map after {@code version}, oldest first; {@code
   * storeToo} when the store holds writes after {@code version} too (read it, then merge).
   */
  synchronized After after(String map, long version, int limit) {
    NavigableMap<Long, Versioned> versions = byMap.get(map);
    List<Versioned> entries = new ArrayList<>();
    if (versions != null && version < durableUpTo) {
      for (Versioned write : versions.subMap(version, false, durableUpTo, true).values()) {
        if (entries.size() == limit) {
          break;
        }
        entries.add(write);
      }
    }
    return new After(entries, appliedUpTo > version);
  }
}
