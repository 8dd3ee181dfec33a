package io.vertedge.store.state;

import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.Serializer;

import java.nio.file.Path;

/**
 * The on-disk format of a state store. Raise {@link #CURRENT} whenever {@link StateLayout}
 * changes what is stored; migrate the previous format in {@link #checkAndMigrate}; and keep a small
 * store of every released format as a test fixture ({@code store-fixtures/state-vN}, see
 * {@code StateFixtures} in the tests) with a test that opens it.
 */
final class StateFormat {

  static final long CURRENT = 2;

  private StateFormat() { }

  /**
   * Reads the format of an existing store and brings an older one to {@link #CURRENT} (the caller
   * commits); refuses a newer one, which this version could damage by not knowing its data.
   */
  static void checkAndMigrate(DB db, Path file) {
    Long format = db.treeMap("meta", Serializer.STRING, Serializer.LONG).open().get(StateLayout.FORMAT);
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
      db.treeMap("meta", Serializer.STRING, Serializer.LONG).open().put(StateLayout.FORMAT, 2L);
    }
  }
}
