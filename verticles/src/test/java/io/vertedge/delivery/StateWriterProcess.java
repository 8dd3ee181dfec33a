package io.vertedge.delivery;

import io.vertedge.store.log.SegmentLog;
import io.vertedge.store.state.Batch;
import io.vertedge.store.state.MapDbStateStore;
import io.vertedge.store.state.StateMetrics;
import io.vertedge.store.state.StateStore;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child that {@link StateCrashTest} kills: writes batches through a {@link StateLog} until it
 * dies, and makes the store commit each one at once (a reader waits for it), so that a kill often
 * lands inside a MapDB commit. Batch {@code n} sets the {@value #TWINS} keys of {@code twins} to
 * {@code n}, then adds {@code log/entry-n}; {@code durable n} is printed once the batch is durable.
 */
public final class StateWriterProcess {

  static final int TWINS = 100;

  private StateWriterProcess() {
  }

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    Opened opened = open(Vertx.vertx(), dataDir);
    for (long n = opened.store().entries("log").size() + 1; ; n++) {
      List<Batch.Write> batch = new ArrayList<>();
      for (int twin = 0; twin < TWINS; twin++) {
        batch.add(new Batch.Write("twins", "twin-" + twin, bytes(n), 0));
      }
      // last: the log keeps a batch's writes in order, so with its entry the whole batch is there
      batch.add(new Batch.Write("log", "entry-" + n, bytes(n), 0));
      opened.writes().write(batch).toCompletionStage().toCompletableFuture().get();
      System.out.println("durable " + n);
      opened.writes().visible().toCompletionStage().toCompletableFuture().get();
    }
  }

  record Opened(SegmentLog log, StateStore store, StateLog writes) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      log.close();
      store.close();
    }
  }

  /** The state log and store of {@code dataDir}, as a node opens them: what the log holds is applied. */
  static Opened open(Vertx vertx, Path dataDir) throws Exception {
    SegmentLog log = SegmentLog.open(dataDir.resolve("state-log"), StateLog.LOG_OPTIONS);
    StateStore store = MapDbStateStore.open(dataDir.resolve("state"), StateMetrics.noop());
    return new Opened(log, store, StateLog.recover(vertx, log, store));
  }

  static byte[] bytes(long n) {
    return Long.toString(n).getBytes(StandardCharsets.UTF_8);
  }
}
