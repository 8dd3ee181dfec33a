package io.vertedge.load.store;

import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.mapdb.serializer.SerializerArrayTuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which part of the state store's layout grows with updates rather than keys: the same
 * updates (1,000 keys round robin, 220-byte values, a commit per 2,500) applied to the
 * layout's {@code entries} B-tree alone ((map, key) → value, values outside the nodes), to
 * its {@code versions} index alone ((map, version) → key: the old version removed, the new one
 * put), and to both, as {@code StateLayout.write} does. Prints the file size as it goes and, at
 * the end, the time to read the live index entries from version 0 — what
 * {@code changedSince(map, mark)} walks after a long offline period — against reading them
 * from just below. Found with the reconnect-after-offline benchmark (load-tests/README.md).
 *
 * <p>Usage: {@code VersionIndexGrowth [updates=600000] [directory=target/index-growth]}; what it
 * writes there is deleted. From the repository root:
 * {@code java -cp verticles/target/vertedge.jar:load-tests/target/vertedge-load-tests-0.1.0.jar
 * io.vertedge.load.store.VersionIndexGrowth}.
 */
public final class VersionIndexGrowth {

  private static final int KEYS = 1_000;
  private static final int BATCH = 2_500;

  private VersionIndexGrowth() {
  }

  public static void main(String[] args) throws Exception {
    int updates = args.length > 0 ? Integer.parseInt(args[0]) : 600_000;
    Path base = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/index-growth"));
    StateBenchmark.Conditions.print(base);
    System.out.printf(Locale.ROOT, "%,d updates of %,d keys, a commit per %,d, MapDB with transactions (as MapDbStateStore)%n",
        updates, KEYS, BATCH);
    for (String mode : new String[] {"entries", "index", "both"}) {
      run(mode, updates, base);
    }
  }

  private static void run(String mode, int updates, Path base) throws Exception {
    Path file = base.resolve("growth-" + mode + ".db");
    Files.deleteIfExists(file);
    byte[] value = new byte[220];
    long[] versionOf = new long[KEYS];
    String[] keys = new String[KEYS];
    Arrays.setAll(keys, k -> "device-" + k + "/twin/temperature");
    try (DB db = DBMaker.fileDB(file.toFile()).transactionEnable().fileLockDisable().make()) {
      BTreeMap<Object[], byte[]> entries = db.treeMap("entries")
          .keySerializer(new SerializerArrayTuple(Serializer.STRING, Serializer.STRING))
          .valueSerializer(Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().createOrOpen();
      BTreeMap<Object[], String> versions = db.treeMap("versions")
          .keySerializer(new SerializerArrayTuple(Serializer.STRING, Serializer.LONG))
          .valueSerializer(Serializer.STRING).createOrOpen();
      long started = System.nanoTime();
      for (int i = 1; i <= updates; i++) {
        int k = i % KEYS;
        if (!mode.equals("index")) {
          entries.put(new Object[] {"reported", keys[k]}, value);
        }
        if (!mode.equals("entries")) {
          if (versionOf[k] != 0) {
            versions.remove(new Object[] {"reported", versionOf[k]});
          }
          versions.put(new Object[] {"reported", (long) i}, keys[k]);
          versionOf[k] = i;
        }
        if (i % BATCH == 0) {
          db.commit();
        }
        if (i % (updates / 4) == 0) {
          System.out.printf(Locale.ROOT, "%-7s %,9d updates: file %,12d bytes, %.1f s%n", mode, i, Files.size(file),
              (System.nanoTime() - started) / 1e9);
        }
      }
      db.commit();
      if (!mode.equals("entries")) {
        long t0 = System.nanoTime();
        int fromZero = versions.subMap(new Object[] {"reported", 0L}, false,
            new Object[] {"reported", Long.MAX_VALUE}, true).size();
        long t1 = System.nanoTime();
        int fromTop = versions.subMap(new Object[] {"reported", (long) updates - KEYS}, false,
            new Object[] {"reported", Long.MAX_VALUE}, true).size();
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%-7s reading the %,d live index entries from version 0: %.0f ms; from version"
            + " %,d (just below them): %,d in %.0f ms%n", mode, fromZero, (t1 - t0) / 1e6, updates - KEYS, fromTop,
            (t2 - t1) / 1e6);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
