package io.vertedge.delivery;

import io.vertedge.link.proto.Envelope;
import io.vertedge.mqtt.TopicFilter;

import java.util.List;

/**
 * Events whose topic (their {@code route.resource}) matches one of {@code topics} go to an
 * outbox of their own that, at {@code maxBytes}, drops its oldest events instead of refusing
 * new ones — for time series, where the newest readings matter most. Its drops are counted.
 */
public record DropOldest(List<TopicFilter> topics, long maxBytes) {

  public DropOldest {
    topics = List.copyOf(topics);
  }

  public static DropOldest none() {
    return new DropOldest(List.of(), 256L << 20);
  }

  boolean covers(Envelope event) {
    return TopicFilter.anyMatches(topics, event.getRoute().getResource());
  }
}
