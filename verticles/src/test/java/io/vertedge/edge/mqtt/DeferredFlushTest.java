package io.vertedge.edge.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeferredFlushTest {

  @Test
  void aFlushFromOutsideTheConnectionsReadWaitsForTheEndOfTheTask() {
    EmbeddedChannel channel = new EmbeddedChannel(new DeferredFlush());
    // through the pipeline, and one write only: EmbeddedChannel runs the pending tasks in its
    // own writeAndFlush and in every later write
    channel.pipeline().writeAndFlush(bytes(1));
    assertEquals(0, channel.outboundMessages().size(), "held back while the task runs");

    channel.runPendingTasks();

    assertEquals(List.of(1), drain(channel), "written after the task");
    channel.finishAndReleaseAll();
  }

  @Test
  void theFlushAtTheEndOfTheConnectionsOwnReadIsNotHeldBack() {
    List<Integer> writtenAtReadComplete = new ArrayList<>();
    EmbeddedChannel channel = new EmbeddedChannel(new DeferredFlush(), new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.write(msg);
      }

      @Override
      public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        writtenAtReadComplete.add(((EmbeddedChannel) ctx.channel()).outboundMessages().size());
      }
    });

    channel.writeInbound(bytes(7));

    assertEquals(List.of(1), writtenAtReadComplete, "flushed at once, as Vert.x flushes when a read completes");
    assertEquals(List.of(7), drain(channel));
    channel.finishAndReleaseAll();
  }

  private static ByteBuf bytes(int value) {
    return Unpooled.buffer(1).writeByte(value);
  }

  private static List<Integer> drain(EmbeddedChannel channel) {
    List<Integer> values = new ArrayList<>();
    for (Object message; (message = channel.readOutbound()) != null; ) {
      ByteBuf buffer = (ByteBuf) message;
      values.add((int) buffer.readByte());
      buffer.release();
    }
    return values;
  }
}
