package io.vertedge.link.sync;

import io.vertedge.link.Ids;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;

/**
 * The reliable-delivery vocabulary on top of a link. Reliable traffic flows on {@code DATA}
 * (events, exactly once in order) and {@code RESOURCES} (coalesced state), each direction and
 * channel its own stream of marks. On every new link each receiver says {@code resume} with the
 * mark it holds durably; the sender sends what lies above it; the receiver says {@code ack}
 * with its new mark after each durable batch. Both travel on {@code CONTROL}, group {@code sync},
 * the stream they are about in {@code route.resource}, the mark in {@code sequence}. A channel
 * may carry more than one stream, each with its own marks: the envelope's {@code stream} names
 * it ({@code DATA} and {@code DATA/drop-oldest} are two streams of {@code DATA}).
 */
public final class SyncProtocol {

  public static final String GROUP = "sync";
  public static final String RESUME = "resume";
  public static final String ACK = "ack";

  private SyncProtocol() { }

  /** Reliable channels: the ones a sequence number means something on. */
  public static boolean isReliable(Channel channel) {
    return channel == Channel.DATA || channel == Channel.RESOURCES;
  }

  /** The name of a stream: its channel, then {@code /stream} for any but the channel's own. */
  public static String streamKey(Channel channel, String stream) {
    return stream.isEmpty() ? channel.name() : channel.name() + "/" + stream;
  }

  static Envelope control(String operation, String about, long mark) {
    return Envelope.newBuilder()
        .setId(Ids.next())
        .setTimestamp(System.currentTimeMillis())
        .setChannel(Channel.CONTROL)
        .setRoute(Route.newBuilder().setGroup(GROUP).setOperation(operation).setResource(about))
        .setSequence(mark)
        .build();
  }

  static boolean isSyncControl(Envelope envelope) {
    return envelope.getChannel() == Channel.CONTROL && GROUP.equals(envelope.getRoute().getGroup());
  }
}
