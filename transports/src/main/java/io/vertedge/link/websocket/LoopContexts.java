package io.vertedge.link.websocket;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One Vert.x event-loop context per Netty event loop of Vert.x's own group, so that channels
 * accepted by Netty on those loops call back into our code on a proper Vert.x context (timers,
 * futures) without any thread hop. Vert.x has no API to pick a context's loop, so contexts are
 * created until every loop has one.
 */
final class LoopContexts {

  private final Map<EventLoop, ContextInternal> byLoop = new IdentityHashMap<>();

  LoopContexts(Vertx vertx) {
    VertxInternal internal = (VertxInternal) vertx;
    int loops = 0;
    for (EventExecutor ignored : internal.nettyEventLoopGroup()) {
      loops++;
    }
    for (int attempt = 0; byLoop.size() < loops && attempt < loops * 8; attempt++) {
      ContextInternal context = internal.createEventLoopContext();
      byLoop.putIfAbsent(context.nettyEventLoop(), context);
    }
  }

  /** The context of one of Vert.x's loops. */
  ContextInternal of(EventLoop loop) {
    ContextInternal context = byLoop.get(loop);
    if (context == null) {
      throw new IllegalStateException("no Vert.x context for event loop " + loop);
    }
    return context;
  }
}
