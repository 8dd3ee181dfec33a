package io.vertedge.store.state;

import java.nio.file.Path;

import static io.vertedge.store.state.MapDbStateStoreTest.bytes;

/**
 * The child that {@link StateCrashTest} kills: applies batches until it dies. Batch {@code n}
 * adds {@code log/entry-n}, sets the 10 keys of {@code twins} to {@code n} and marks
 * {@code log.applied = n}, and prints {@code applied n} after its commit.
 */
public final class StateWriterProcess {

  static final int TWINS = 10;

  private StateWriterProcess() {
  }

  public static void main(String[] args) {
    StateStore store = MapDbStateStore.open(Path.of(args[0]), StateMetrics.noop());
    for (long n = store.mark("log.applied") + 1; ; n++) {
      Batch batch = new Batch().put("log", "entry-" + n, bytes(Long.toString(n)));
      for (int twin = 0; twin < TWINS; twin++) {
        batch.put("twins", "twin-" + twin, bytes(Long.toString(n)));
      }
      store.apply(batch.mark("log.applied", n));
      System.out.println("applied " + n);
    }
  }
}
