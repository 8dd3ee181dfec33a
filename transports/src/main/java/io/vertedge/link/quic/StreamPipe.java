package io.vertedge.link.quic;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamPriority;
import io.vertedge.link.FrameReader;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.OutboundWindow;
import io.vertedge.link.proto.Channel;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;

import java.util.ArrayDeque;

/**
 * One link channel on its own QUIC stream: an {@link OutboundWindow} and a {@link FrameReader}
 * of its own, so a full data stream never holds back control. On the cloud a stream exists only
 * once the edge opened it; frames written before that wait here.
 */
final class StreamPipe {

  private record Early(byte[] frame, Runnable confirmed) { }

  private final Channel channel;
  private final ContextInternal context;
  private final LinkMetrics metrics;
  private final OutboundWindow window;
  private final FrameReader reader;
  private final ArrayDeque<Early> early = new ArrayDeque<>(2);
  private QuicStreamChannel stream;
  private boolean flushScheduled;
  private boolean outputShut;
  private boolean inputEnded;
  private long bytesOut;

  StreamPipe(Channel channel, ContextInternal context, LinkMetrics metrics, FrameReader reader) {
    this.channel = channel;
    this.context = context;
    this.metrics = metrics;
    this.reader = reader;
    this.window = new OutboundWindow(context, this::send);
  }

  /** Control streams go first, then resources, data, streams: QUIC schedules by urgency. */
  static QuicStreamPriority priority(Channel channel) {
    return new QuicStreamPriority(channel.getNumber() * 2, true);
  }

  Channel channel() {
    return channel;
  }

  boolean attached() {
    return stream != null;
  }

  void attach(QuicStreamChannel quicStream) {
    this.stream = quicStream;
    quicStream.updatePriority(priority(channel));
    while (!early.isEmpty()) {
      Early next = early.poll();
      write(next.frame(), next.confirmed());
    }
    if (outputShut) {
      shutdownOutput();
    }
  }

  Future<Void> write(byte[] frame, boolean control) {
    return window.write(frame, control);
  }

  void read(ByteBuf data) {
    // copied out: Netty releases the chunk when this returns, a partial frame must outlive it
    reader.read(BufferInternal.buffer(Unpooled.wrappedBuffer(ByteBufUtil.getBytes(data))));
  }

  long bytesIn() {
    return reader.bytesRead();
  }

  long bytesOut() {
    return bytesOut;
  }

  void inputEnded() {
    inputEnded = true;
  }

  /** True once the peer finished this stream, or never opened it. */
  boolean inputDone() {
    return inputEnded || stream == null;
  }

  /** Ends our direction after everything written so far (a QUIC FIN): the peer reads all of it. */
  void shutdownOutput() {
    outputShut = true;
    if (stream != null && stream.isActive()) {
      stream.flush();
      stream.shutdownOutput();
    }
  }

  void fail(String reason) {
    window.close(reason);
    early.clear();
  }

  private void send(byte[] frame, Runnable confirmed) {
    bytesOut += frame.length;
    metrics.bytesOut(frame.length);
    if (stream == null) {
      early.add(new Early(frame, confirmed));
      return;
    }
    write(frame, confirmed);
  }

  private void write(byte[] frame, Runnable confirmed) {
    if (confirmed != null) {
      ChannelPromise written = stream.newPromise();
      written.addListener(done -> context.emit(v -> confirmed.run()));
      stream.write(Unpooled.wrappedBuffer(frame), written);
    } else {
      stream.write(Unpooled.wrappedBuffer(frame), stream.voidPromise());
    }
    if (!flushScheduled) {
      flushScheduled = true;
      stream.eventLoop().execute(() -> {
        flushScheduled = false;
        stream.flush();
      });
    }
  }
}
