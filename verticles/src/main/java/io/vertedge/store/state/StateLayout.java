package io.vertedge.store.state;

import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.Serializer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where format 3 keeps state in MapDB. A later format changes this class, raises
 * {@link StateFormat#CURRENT} and adds the migration there.
 *
 * <ul>
 *   <li>{@code meta}: the format and the last version handed out;</li>
 *   <li>{@code marks}: name → value;</li>
 *   <li>{@code map-versions}: map → highest version written to it;</li>
 *   <li>{@code entries-3}: map and key ({@link EntryKeys}) → version (8 bytes), 1 if a value
 *   follows else 0, value.</li>
 * </ul>
 * The index by version is in memory ({@link VersionIndex}), rebuilt from the entries on open.
 * Older formats' trees stay in the file, unread: {@code versions} (format 1's index on disk) and
 * {@code entries} (formats 1 and 2, keyed by string tuples). One B-tree for all maps (keyed by
 * map first) means maps need no creating: a batch that created a MapDB collection and was rolled
 * back would leave MapDB's catalog cache behind.
 */
final class StateLayout {

  static final String FORMAT = "format";
  static final String LAST_VERSION = "last-version";

  private static final String ENTRIES = "entries-3";
  private static final int HEADER = Long.BYTES + 1;

  final BTreeMap<String, Long> meta;
  final BTreeMap<String, Long> marks;
  final BTreeMap<String, Long> mapVersions;
  private final BTreeMap<byte[], byte[]> entries;
  final VersionIndex versions = new VersionIndex();

  private StateLayout(DB db, boolean create) {
    meta = finish(db.treeMap("meta", Serializer.STRING, Serializer.LONG), create);
    marks = finish(db.treeMap("marks", Serializer.STRING, Serializer.LONG), create);
    mapVersions = finish(db.treeMap("map-versions", Serializer.STRING, Serializer.LONG), create);
    // Values outside the B-tree nodes: a put then rewrites a small node, not 32 values with it
    // (with transactions, every node changed goes to the write-ahead log again).
    entries = finish(entriesTree(db), create);
    List<VersionIndex.Move> indexed = new ArrayList<>();
    forEachEntry((map, key, stored) -> indexed.add(new VersionIndex.Move(map, key, 0, ByteBuffer.wrap(stored).getLong())));
    versions.apply(indexed);
  }

  /** The entries tree's maker: the migration from format 2 creates it too. */
  static DB.TreeMapMaker<byte[], byte[]> entriesTree(DB db) {
    return db.treeMap(ENTRIES)
        .keySerializer(Serializer.BYTE_ARRAY)
        .valueSerializer(Serializer.BYTE_ARRAY)
        .valuesOutsideNodesEnable();
  }

  /** An entry as stored: the value's header ({@link #decode}) and the value. */
  interface EntryConsumer {
    void accept(String map, String key, byte[] stored);
  }

  void forEachEntry(EntryConsumer consumer) {
    entries.forEach((entryKey, stored) -> consumer.accept(EntryKeys.map(entryKey), EntryKeys.key(entryKey), stored));
  }

  /** The entries of one map, in key order. */
  void forEachEntry(String map, EntryConsumer consumer) {
    entries.subMap(EntryKeys.first(map), true, EntryKeys.pastLast(map), false)
        .forEach((entryKey, stored) -> consumer.accept(map, EntryKeys.key(entryKey), stored));
  }

  /** The collections of a new store, format {@link StateFormat#CURRENT}; the caller commits. */
  static StateLayout create(DB db) {
    StateLayout layout = new StateLayout(db, true);
    layout.meta.put(FORMAT, StateFormat.CURRENT);
    layout.meta.put(LAST_VERSION, 0L);
    return layout;
  }

  /** The collections of an existing store, or {@link DBException.WrongConfiguration} if one is missing. */
  static StateLayout open(DB db) {
    return new StateLayout(db, false);
  }

  private static <K, V> BTreeMap<K, V> finish(DB.TreeMapMaker<K, V> maker, boolean create) {
    return create ? maker.createOrOpen() : maker.open();
  }

  /** The key's newest version, a tombstone if it was deleted, {@code null} if never written. */
  Versioned entry(String map, String key) {
    byte[] stored = entries.get(EntryKeys.of(map, key));
    return stored == null ? null : decode(key, stored);
  }

  /** What a write replaced: its version, and whether it held a value (else it was a tombstone). */
  record Replaced(long version, boolean hadValue) { }

  /**
   * Gives the key a new version (a tombstone when {@code value} is null), replacing its older
   * entry; the caller moves it in the index once the commit is done.
   *
   * @return what was replaced (read from its header: the old value is not copied), {@code null} if nothing
   */
  Replaced write(String map, String key, long version, byte[] value) {
    byte[] replaced = entries.put(EntryKeys.of(map, key), encode(version, value));
    return replaced == null ? null : new Replaced(ByteBuffer.wrap(replaced).getLong(), !isTombstone(replaced));
  }

  /** Removes the key altogether (a compacted tombstone); the caller drops it from the index after the commit. */
  void forget(String map, String key) {
    entries.remove(EntryKeys.of(map, key));
  }

  /** The first way in which entries and the counters disagree, if any. */
  Optional<String> inconsistency() {
    long lastVersion = meta.get(LAST_VERSION);
    for (Map.Entry<byte[], byte[]> stored : entries.entrySet()) {
      String map = EntryKeys.map(stored.getKey());
      Versioned entry = decode(EntryKeys.key(stored.getKey()), stored.getValue());
      String where = "entry " + map + "/" + entry.key() + " @" + entry.version();
      if (entry.version() > lastVersion) {
        return Optional.of(where + " is above the last version handed out, " + lastVersion);
      }
      if (entry.version() > mapVersions.getOrDefault(map, 0L)) {
        return Optional.of(where + " is above its map's version, " + mapVersions.getOrDefault(map, 0L));
      }
    }
    return Optional.empty();
  }

  static boolean isTombstone(byte[] stored) {
    return stored[Long.BYTES] == 0;
  }

  static Versioned decode(String key, byte[] stored) {
    ByteBuffer buffer = ByteBuffer.wrap(stored);
    long version = buffer.getLong();
    if (isTombstone(stored)) {
      return new Versioned(key, version, null);
    }
    byte[] value = new byte[stored.length - HEADER];
    buffer.position(HEADER).get(value);
    return new Versioned(key, version, value);
  }

  private static byte[] encode(long version, byte[] value) {
    int length = value == null ? 0 : value.length;
    ByteBuffer buffer = ByteBuffer.allocate(HEADER + length).putLong(version).put((byte) (value == null ? 0 : 1));
    if (value != null) {
      buffer.put(value);
    }
    return buffer.array();
  }
}
