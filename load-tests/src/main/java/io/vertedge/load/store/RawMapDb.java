package io.vertedge.load.store;

import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * MapDB alone, one B-tree of String to byte[], with transactions: random-access file (what
 * MapDbStateStore uses) against memory-mapped files, batches of 1 and 1,000 puts. Also counts
 * the mappings of deleted write-ahead-log files still held when the run ends: MapDB does not
 * unmap a closed file, so each commit's log stays mapped until the garbage collector frees it.
 */
final class RawMapDb {

  private RawMapDb() {
  }

  static void compare(Path runDir, byte[] value) throws IOException {
    System.out.printf(Locale.ROOT, "%nraw MapDB, transactions, B-tree String -> byte[]%n");
    System.out.printf(Locale.ROOT, "%-8s %8s %9s %10s %10s %12s %12s %s%n", "access", "batch", "commits", "puts", "puts/s",
        "commit p50", "commit p99", "deleted WAL files still mapped");
    for (boolean mmap : new boolean[] {false, true}) {
      for (int batchSize : new int[] {1, 1_000}) {
        Path dir = Files.createDirectories(runDir.resolve("raw-" + (mmap ? "mmap" : "raf") + "-" + batchSize));
        DBMaker.Maker maker = DBMaker.fileDB(dir.resolve("raw.db").toFile()).transactionEnable();
        try (DB db = (mmap ? maker.fileMmapEnableIfSupported() : maker).make()) {
          BTreeMap<String, byte[]> map = db.treeMap("twins", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
          StateBenchmark.Run run = run(db, map, batchSize, batchSize == 1 ? 1_000 : 100, value);
          System.out.printf(Locale.ROOT, "%-8s %s %10d%n", mmap ? "mmap" : "file", StateBenchmark.row(batchSize, run),
              deletedWalMappings());
        }
      }
    }
  }

  private static StateBenchmark.Run run(DB db, BTreeMap<String, byte[]> map, int batchSize, int commits, byte[] value) {
    long[] latencies = new long[commits];
    int key = 0;
    long started = System.nanoTime();
    for (int commit = 0; commit < commits; commit++) {
      long before = System.nanoTime();
      for (int i = 0; i < batchSize; i++) {
        map.put("device-" + (key++ % 10_000) + "/temperature", value);
      }
      db.commit();
      latencies[commit] = System.nanoTime() - before;
    }
    return new StateBenchmark.Run(commits * batchSize, latencies, System.nanoTime() - started);
  }

  private static long deletedWalMappings() throws IOException {
    try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines.filter(line -> line.contains(".wal.") && line.endsWith("(deleted)")).count();
    }
  }
}
