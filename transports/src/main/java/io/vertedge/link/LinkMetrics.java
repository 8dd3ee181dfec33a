package io.vertedge.link;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.vertedge.link.proto.Channel;

/**
 * The link's instruments (API.md section 6). Attribute sets are built once, so counting a
 * message allocates nothing.
 */
public final class LinkMetrics {

  private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("direction");
  private static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("channel");
  private static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("transport");
  private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
  private static final Attributes IN = Attributes.of(DIRECTION, "in");
  private static final Attributes OUT = Attributes.of(DIRECTION, "out");

  private final LongUpDownCounter connected;
  private final LongCounter messages;
  private final LongCounter bytes;
  private final LongCounter refusedFrames;
  private final LongCounter refusedLinks;
  private final LongCounter heartbeatMisses;
  private final LongCounter transportChanges;
  private final Attributes[][] messageAttributes;

  public LinkMetrics(Meter meter) {
    // Names and units chosen for the Prometheus names of API.md section 6: a unit in braces
    // adds no suffix, "By" adds nothing to a name already ending in "bytes", counters get _total.
    connected = meter.upDownCounterBuilder("vertedge.links.connected").setUnit("{link}")
        .setDescription("Links up, by transport").build();
    messages = meter.counterBuilder("vertedge.link.messages").setUnit("{message}")
        .setDescription("Envelopes sent and received over links").build();
    bytes = meter.counterBuilder("vertedge.link.bytes").setUnit("By")
        .setDescription("Bytes sent and received over links, framing included").build();
    refusedFrames = meter.counterBuilder("vertedge.link.frames.refused").setUnit("{frame}")
        .setDescription("Frames refused as oversize or corrupt; each closes its link").build();
    refusedLinks = meter.counterBuilder("vertedge.link.refused").setUnit("{link}")
        .setDescription("Links refused at the hello or TLS, by reason").build();
    heartbeatMisses = meter.counterBuilder("vertedge.link.heartbeat.timeouts").setUnit("{link}")
        .setDescription("Links closed because heartbeats stopped").build();
    transportChanges = meter.counterBuilder("vertedge.link.transport.changes").setUnit("{change}")
        .setDescription("Transport auto changed: quic->websocket when no QUIC handshake got through, back when a probe did").build();
    Channel[] channels = {Channel.CONTROL, Channel.RESOURCES, Channel.DATA, Channel.STREAMS};
    messageAttributes = new Attributes[2][channels.length];
    for (Channel channel : channels) {
      String name = channel.name().toLowerCase(java.util.Locale.ROOT);
      messageAttributes[0][channel.getNumber()] = Attributes.of(DIRECTION, "in", CHANNEL, name);
      messageAttributes[1][channel.getNumber()] = Attributes.of(DIRECTION, "out", CHANNEL, name);
    }
  }

  public static LinkMetrics of(OpenTelemetry openTelemetry) {
    return new LinkMetrics(openTelemetry.getMeter("io.vertedge.link"));
  }

  public static LinkMetrics noop() {
    return of(OpenTelemetry.noop());
  }

  void linkUp(String transport) {
    connected.add(1, Attributes.of(TRANSPORT, transport));
  }

  void linkDown(String transport) {
    connected.add(-1, Attributes.of(TRANSPORT, transport));
  }

  void messageIn(Channel channel) {
    messages.add(1, messageAttributes[0][index(channel)]);
  }

  void messageOut(Channel channel) {
    messages.add(1, messageAttributes[1][index(channel)]);
  }

  /** Bytes read by a transport, framing included; counted where the frame size is known. */
  public void bytesIn(long size) {
    bytes.add(size, IN);
  }

  public void bytesOut(long size) {
    bytes.add(size, OUT);
  }

  /** A frame refused as oversize, corrupt or truncated. */
  public void frameRefused(String reason) {
    refusedFrames.add(1, Attributes.of(REASON, reason));
  }

  /** A link refused before it was up (TLS, hello, authorization). */
  public void linkRefused(String reason) {
    refusedLinks.add(1, Attributes.of(REASON, reason));
  }

  void heartbeatTimeout(String transport) {
    heartbeatMisses.add(1, Attributes.of(TRANSPORT, transport));
  }

  /** Transport {@code auto} moved from one transport to the other. */
  public void transportChanged(String from, String to) {
    transportChanges.add(1, Attributes.of(AttributeKey.stringKey("from"), from, AttributeKey.stringKey("to"), to));
  }

  private static int index(Channel channel) {
    int number = channel.getNumber();
    return number >= 0 && number < 4 ? number : 0;
  }
}
