package io.vertedge.edge.mqtt;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * First in a client's pipeline: a flush asked for outside the connection's own read is held
 * back to the end of the event loop's current task, so that a publisher's whole read batch
 * reaches each subscriber in one write instead of one system call per message. Vert.x already
 * holds a connection's flushes during its own read and flushes when the read completes; that
 * flush passes at once. Order and content are unchanged, only the moment of the system call.
 *
 * <p>Netty's {@code FlushConsolidationHandler} does the first part too, but it ends its read
 * before Vert.x's read-complete flush reaches it, and so delays that one as well: an
 * acknowledgement-paced QoS 1 subscriber then waits a loop turn more for every window.
 */
final class DeferredFlush extends ChannelDuplexHandler {

  private boolean reading;
  private boolean pending;
  private boolean scheduled;
  private ChannelHandlerContext context;
  private final Runnable flushNow = () -> {
    scheduled = false;
    flushPending();
  };

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    reading = true;
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    try {
      ctx.fireChannelReadComplete();
    } finally {
      reading = false;
    }
    flushPending();
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (reading) {
      pending = false;
      ctx.flush();
      return;
    }
    pending = true;
    if (!scheduled) {
      scheduled = true;
      ctx.executor().execute(flushNow);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!ctx.channel().isWritable()) {
      // what is held counts against the high-water mark already: let the socket take it
      flushPending();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    flushPending();
    ctx.close(promise);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
    flushPending();
    ctx.disconnect(promise);
  }

  private void flushPending() {
    if (pending) {
      pending = false;
      context.flush();
    }
  }
}
