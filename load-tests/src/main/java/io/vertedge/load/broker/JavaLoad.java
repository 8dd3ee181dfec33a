package io.vertedge.load.broker;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java load generator: one publisher and N subscribers on raw Netty channels (packets
 * written and read by hand, {@link MqttWire}), 64-byte payloads to one topic. The publisher
 * writes in batches as fast as its socket takes them, with at most {@code inflight} QoS 1
 * messages unacknowledged and at most {@code window} messages published and not yet received by
 * the slowest subscriber: within that window neither broker drops anything (Mosquitto drops a
 * client's messages past {@code max_queued_messages}), so every run can require that every
 * subscriber counted every message.
 */
final class JavaLoad implements AutoCloseable {

  static final String TOPIC = "bench/java";
  private static final int PAYLOAD_BYTES = 64;
  private static final int BATCH = 64;

  /** What one run measured: messages published, the time from the first publish to the last delivery. */
  record Result(int messages, int subscribers, long nanos, long delivered, boolean complete) {
    double messagesPerSecond() {
      return messages / (nanos / 1e9);
    }

    double deliveriesPerSecond() {
      return (double) messages * subscribers / (nanos / 1e9);
    }
  }

  private final EventLoopGroup publisherLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup subscriberLoops;

  JavaLoad(int subscriberThreads) {
    subscriberLoops = new MultiThreadIoEventLoopGroup(subscriberThreads, NioIoHandler.newFactory());
  }

  Result run(int port, int qos, int subscribers, int messages, int window, int inflight, long stallMillis)
      throws Exception {
    List<Subscriber> subs = new ArrayList<>();
    List<Channel> channels = new ArrayList<>();
    try {
      for (int i = 0; i < subscribers; i++) {
        Subscriber sub = new Subscriber("bench-sub-" + i, qos, messages);
        subs.add(sub);
        channels.add(connect(subscriberLoops, port, sub));
      }
      for (Subscriber sub : subs) {
        sub.subscribed.get(10, TimeUnit.SECONDS);
      }
      Publisher publisher = new Publisher(qos, messages, window, inflight, subs);
      subs.forEach(sub -> sub.publisher = publisher);
      channels.add(connect(publisherLoop, port, publisher));
      publisher.connected.get(10, TimeUnit.SECONDS);
      publisher.channel.eventLoop().execute(publisher::start);
      long lastTotal = -1;
      long lastProgress = System.nanoTime();
      while (!subs.stream().allMatch(sub -> sub.done.isDone())) {
        Thread.sleep(20);
        long total = subs.stream().mapToLong(sub -> sub.received.get()).sum();
        if (total != lastTotal) {
          lastTotal = total;
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(stallMillis)) {
          return new Result(messages, subscribers, System.nanoTime() - publisher.startNanos, total, false);
        }
      }
      long end = subs.stream().mapToLong(sub -> sub.lastNanos).max().orElseThrow();
      return new Result(messages, subscribers, end - publisher.startNanos, (long) messages * subscribers, true);
    } finally {
      for (Channel channel : channels) {
        if (channel.isActive()) {
          channel.writeAndFlush(MqttWire.disconnect(channel.alloc()));
        }
        channel.close().await(5, TimeUnit.SECONDS);
      }
    }
  }

  private static Channel connect(EventLoopGroup group, int port, MqttWire.Reader handler) throws InterruptedException {
    String clientId = handler instanceof Subscriber sub ? sub.clientId : "bench-pub";
    Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(handler)
        .connect("127.0.0.1", port).sync().channel();
    channel.writeAndFlush(MqttWire.connect(channel.alloc(), clientId));
    return channel;
  }

  @Override
  public void close() {
    publisherLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    subscriberLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static final class Subscriber extends MqttWire.Reader {
    final String clientId;
    final int qos;
    final int expected;
    final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final AtomicLong received = new AtomicLong();
    volatile Publisher publisher;
    volatile long lastNanos;
    private long count;
    private ByteBuf acks;

    Subscriber(String clientId, int qos, int expected) {
      this.clientId = clientId;
      this.qos = qos;
      this.expected = expected;
    }

    @Override
    protected void packet(ChannelHandlerContext ctx, int type, int flags, ByteBuf body) {
      switch (type) {
        case MqttWire.CONNACK -> ctx.writeAndFlush(MqttWire.subscribe(ctx.alloc(), TOPIC, qos));
        case MqttWire.SUBACK -> {
          int granted = body.getUnsignedByte(2);
          if (granted == qos) {
            subscribed.complete(null);
          } else {
            subscribed.completeExceptionally(new IllegalStateException(clientId + ": granted QoS " + granted));
          }
        }
        case MqttWire.PUBLISH -> {
          if ((flags >> 1 & 3) == 1) {
            int topicLength = body.getUnsignedShort(0);
            if (acks == null) {
              acks = ctx.alloc().buffer(256);
            }
            MqttWire.puback(acks, body.getUnsignedShort(2 + topicLength));
          }
          received.lazySet(++count);
          if (count == expected) {
            lastNanos = System.nanoTime();
            done.complete(null);
          }
          Publisher waiting = publisher;
          if (waiting != null) {
            waiting.wake();
          }
        }
        default -> {
        }
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
      if (acks != null) {
        ctx.writeAndFlush(acks);
        acks = null;
      }
      super.channelReadComplete(ctx);
    }
  }

  private static final class Publisher extends MqttWire.Reader {
    private final int qos;
    private final int messages;
    private final int window;
    private final int inflight;
    private final Subscriber[] subscribers;
    private final byte[] topic = TOPIC.getBytes(StandardCharsets.UTF_8);
    private final ByteBuf payload;
    private final AtomicBoolean waiting = new AtomicBoolean();
    final CompletableFuture<Void> connected = new CompletableFuture<>();
    volatile long startNanos;
    Channel channel;
    private long sent;
    private long acked;
    private long allowedUntil;
    private int packetId;

    Publisher(int qos, int messages, int window, int inflight, List<Subscriber> subscribers) {
      this.qos = qos;
      this.messages = messages;
      this.window = window;
      this.inflight = inflight;
      this.subscribers = subscribers.toArray(Subscriber[]::new);
      byte[] bytes = new byte[PAYLOAD_BYTES];
      Arrays.fill(bytes, (byte) 'x');
      this.payload = Unpooled.wrappedBuffer(bytes);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      channel = ctx.channel();
      super.channelActive(ctx);
    }

    @Override
    protected void packet(ChannelHandlerContext ctx, int type, int flags, ByteBuf body) {
      if (type == MqttWire.CONNACK) {
        connected.complete(null);
      } else if (type == MqttWire.PUBACK) {
        acked++;
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
      super.channelReadComplete(ctx);
      pump();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
      super.channelWritabilityChanged(ctx);
      pump();
    }

    void start() {
      startNanos = System.nanoTime();
      pump();
    }

    /** From a subscriber's thread: the window may have opened. */
    void wake() {
      if (waiting.get() && waiting.compareAndSet(true, false)) {
        channel.eventLoop().execute(this::pump);
      }
    }

    private void pump() {
      if (startNanos == 0) {
        return;
      }
      ByteBuf batch = null;
      int inBatch = 0;
      while (sent < messages && channel.isWritable() && (qos == 0 || sent - acked < inflight) && windowOpen()) {
        if (batch == null) {
          batch = channel.alloc().buffer(BATCH * (PAYLOAD_BYTES + topic.length + 8));
        }
        packetId = packetId % 65_535 + 1;
        MqttWire.publish(batch, topic, qos, packetId, payload);
        sent++;
        if (++inBatch == BATCH) {
          channel.write(batch);
          batch = null;
          inBatch = 0;
        }
      }
      if (batch != null) {
        channel.write(batch);
      }
      channel.flush();
    }

    private boolean windowOpen() {
      if (sent < allowedUntil) {
        return true;
      }
      allowedUntil = slowest() + window;
      if (sent < allowedUntil) {
        return true;
      }
      // announce the wait, then look again: a delivery between the two would otherwise wake no one
      waiting.set(true);
      allowedUntil = slowest() + window;
      if (sent < allowedUntil && waiting.compareAndSet(true, false)) {
        return true;
      }
      return false;
    }

    private long slowest() {
      long min = Long.MAX_VALUE;
      for (Subscriber sub : subscribers) {
        min = Math.min(min, sub.received.get());
      }
      return min;
    }
  }
}
