package io.vertedge.link.sync;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;

final class LinkBehaviour {

  private LinkBehaviour() { }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
