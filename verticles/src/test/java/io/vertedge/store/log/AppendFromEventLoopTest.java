package io.vertedge.store.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A verticle appends on its event loop (BlockHound watches it) and continues on it when durable. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AppendFromEventLoopTest {

  @TempDir
  Path dir;

  @Test
  void appendsFromAnEventLoopCompleteBackOnIt(Vertx vertx, VertxTestContext test) throws Exception {
    SegmentLog log = SegmentLog.open(dir, LogOptions.defaults());
    Context context = vertx.getOrCreateContext();
    context.runOnContext(ignored -> {
      List<Future<Long>> appends = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        appends.add(Future.fromCompletionStage(log.append(new byte[256]), context)
            .andThen(done -> test.verify(() -> assertSame(context, Vertx.currentContext()))));
      }
      Future.all(appends)
          .compose(all -> vertx.executeBlocking(() -> {
            log.close();
            return log.durableSequence();
          }))
          .onComplete(test.succeeding(durable -> test.verify(() -> {
            assertEquals(1000, durable);
            test.completeNow();
          })));
    });
  }
}
