package io.vertedge.load.link;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Runs a piece of set-up inside its own verticle, so that it gets its own event loop: the cloud
 * side and the edge side of a benchmark must not share one thread, as they do not in the product
 * (CloudHub and EdgeHub are verticles). A thread outside Vert.x always gets the same context.
 */
final class OnOwnLoop {

  private OnOwnLoop() {
  }

  static <T> Future<T> run(Vertx vertx, Supplier<Future<T>> work) {
    Future<T>[] result = new Future[1];
    return vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        result[0] = work.get();
        return Future.succeededFuture();
      }
    }).compose(id -> result[0]);
  }
}
