package io.vertedge.store.state;

import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.Serializer;
import org.mapdb.serializer.SerializerArrayTuple;

import java.nio.file.Path;

/**
 * The on-disk format of a state store. Raise {@link #CURRENT} whenever {@link StateLayout}
 * changes what is stored; migrate the previous format in {@link #checkAndMigrate}; and keep a small
 * store of every released format as a test fixture ({@code store-fixtures/state-vN}, see
 * {@code StateFixtures} in the tests) with a test that opens it.
 */
final class StateFormat {

  static final long CURRENT = 3;

  private StateFormat() { }

  /**
   * Reads the format of an existing store and brings an older one to {@link #CURRENT} (the caller
   * commits); refuses a newer one, which this version could damage by not knowing its data.
   */
  static void checkAndMigrate(DB db, Path file) {
    BTreeMap<String, Long> meta = db.treeMap("meta", Serializer.STRING, Serializer.LONG).open();
    Long format = meta.get(StateLayout.FORMAT);
    if (format == null || format < 1) {
      throw new DBException.DataCorruption("no format recorded");
    }
    if (format > CURRENT) {
      throw StateStoreException.newerFormat(file, format, CURRENT);
    }
    // An older format is migrated here, one step per format, each recording its new format
    // number (the caller commits).
    if (format == 1) {
      // 1 → 2: the version index moves to memory (rebuilt from the entries on every open). The
      // old index tree stays where it is: emptying it would rewrite it whole and free nothing,
      // since MapDB's B-tree frees no node.
      meta.put(StateLayout.FORMAT, 2L);
      format = 2L;
    }
    if (format == 2) {
      // 2 → 3: the entries move to a tree keyed by bytes (EntryKeys); the old one stays, unread,
      // for the same reason as format 1's index
      BTreeMap<Object[], byte[]> tupleKeyed = db.treeMap("entries")
          .keySerializer(new SerializerArrayTuple(Serializer.STRING, Serializer.STRING))
          .valueSerializer(Serializer.BYTE_ARRAY)
          .valuesOutsideNodesEnable().open();
      BTreeMap<byte[], byte[]> byteKeyed = StateLayout.entriesTree(db).create();
      tupleKeyed.forEach((mapAndKey, stored) -> byteKeyed.put(EntryKeys.of((String) mapAndKey[0], (String) mapAndKey[1]), stored));
      meta.put(StateLayout.FORMAT, 3L);
    }
  }
}
