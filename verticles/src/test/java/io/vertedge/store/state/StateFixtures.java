package io.vertedge.store.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static io.vertedge.store.state.MapDbStateStoreTest.bytes;

/**
 * Writes the fixture of the current state store format: a small store holding something of each
 * kind (values in two maps, a tombstone, marks), gzipped (MapDB files are mostly zeros). Run it
 * once when a format is first released and commit the result; never regenerate an old format's
 * fixture, since its point is to be a store written by that release. From the repository root:
 *
 * <pre>
 * ./mvnw -q -o -pl verticles test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.vertedge.store.state.StateFixtures \
 *     -Dexec.args=$PWD/verticles/src/test/resources/store-fixtures/state-v$FORMAT
 * </pre>
 */
public final class StateFixtures {

  static final String FIXTURE = "state.db.gz";

  private StateFixtures() {
  }

  public static void main(String[] args) throws IOException {
    Path target = Files.createDirectories(Path.of(args[0]));
    Path work = Files.createTempDirectory("state-fixture");
    try (StateStore store = MapDbStateStore.open(work, StateMetrics.noop())) {
      store.apply(new Batch()
          .put("devices", "thermo-1", bytes("model: thermometer"))
          .put("devices", "pump-1", bytes("model: pump"))
          .put("twins", "thermo-1/temperature", bytes("21.5"))
          .mark("log.applied", 41));
      store.apply(new Batch().delete("devices", "pump-1").mark("log.applied", 42).mark("seq.edge-1", 7));
    }
    try (InputStream in = Files.newInputStream(work.resolve(MapDbStateStore.FILE_NAME));
         OutputStream out = new GZIPOutputStream(Files.newOutputStream(target.resolve(FIXTURE)))) {
      in.transferTo(out);
    }
    try (var files = Files.list(work)) {
      for (Path file : files.toList()) {
        Files.delete(file); // the store and its lock
      }
    }
    Files.delete(work);
    System.out.println("format " + StateFormat.CURRENT + " fixture written to " + target.resolve(FIXTURE));
  }

  /** Unpacks the fixture of {@code format} into {@code dataDir} as its state store. */
  static void unpack(int format, Path dataDir) throws IOException {
    String resource = "/store-fixtures/state-v" + format + "/" + FIXTURE;
    try (InputStream packed = StateFixtures.class.getResourceAsStream(resource)) {
      if (packed == null) {
        throw new IOException("no fixture " + resource);
      }
      try (InputStream in = new GZIPInputStream(packed)) {
        Files.copy(in, Files.createDirectories(dataDir).resolve(MapDbStateStore.FILE_NAME));
      }
    }
  }
}
