package io.vertedge.link.sync;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.vertedge.link.proto.Channel;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/** Counters of the reliable-delivery protocol and what is in flight, by channel. */
public final class SyncMetrics {

  private static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("channel");

  private final LongCounter acks;
  private final LongCounter resends;
  private final LongCounter duplicates;
  private final Map<Channel, Attributes> byChannel = new EnumMap<>(Channel.class);
  /** Weakly held: a forgotten node's sender leaves the gauge with it. */
  private final Set<SyncSender> senders = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  public SyncMetrics(Meter meter) {
    acks = meter.counterBuilder("vertedge.link.acks").setUnit("{ack}")
        .setDescription("Acknowledgements received for reliable envelopes, by channel").build();
    resends = meter.counterBuilder("vertedge.link.resends").setUnit("{message}")
        .setDescription("Reliable envelopes sent again after a link was lost before their ack").build();
    duplicates = meter.counterBuilder("vertedge.link.duplicates").setUnit("{message}")
        .setDescription("Reliable envelopes received again and dropped (already held)").build();
    for (Channel channel : Channel.values()) {
      if (channel != Channel.UNRECOGNIZED) {
        byChannel.put(channel, Attributes.of(CHANNEL, channel.name().toLowerCase(Locale.ROOT)));
      }
    }
    meter.gaugeBuilder("vertedge.link.in_flight").ofLongs().setUnit("{message}")
        .setDescription("Reliable envelopes sent and not yet acknowledged, by channel")
        .buildWithCallback(gauge -> {
          Map<Channel, Long> inFlight = new EnumMap<>(Channel.class);
          List<SyncSender> snapshot;
          synchronized (senders) {
            snapshot = List.copyOf(senders);
          }
          snapshot.forEach(sender -> inFlight.merge(sender.channel(), (long) sender.inFlight(), Long::sum));
          inFlight.forEach((channel, count) -> gauge.record(count, byChannel.get(channel)));
        });
  }

  void track(SyncSender sender) {
    senders.add(sender);
  }

  public static SyncMetrics noop() {
    return new SyncMetrics(OpenTelemetry.noop().getMeter("io.vertedge.link"));
  }

  void acked(Channel channel) {
    acks.add(1, byChannel.get(channel));
  }

  void resent(Channel channel) {
    resends.add(1, byChannel.get(channel));
  }

  void duplicate(Channel channel) {
    duplicates.add(1, byChannel.get(channel));
  }
}
