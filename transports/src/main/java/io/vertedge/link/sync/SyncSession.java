package io.vertedge.link.sync;

import io.vertedge.link.Link;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * One peer's reliable channels, both ways, across its successive links: {@link #bind} a new
 * link and the senders wait for its resumes while the receivers announce theirs. Envelopes
 * that are not part of the protocol go to the handler given.
 */
public final class SyncSession {

  private static final Logger log = LoggerFactory.getLogger(SyncSession.class);

  private final String peer;
  private final Map<String, SyncSender> senders = new HashMap<>();
  private final Map<String, SyncReceiver> receivers = new HashMap<>();

  public SyncSession(String peer) {
    this.peer = peer;
  }

  public SyncSession sender(SyncSender sender) {
    requireReliable(sender.channel());
    senders.put(sender.streamKey(), sender);
    return this;
  }

  public SyncSession receiver(SyncReceiver receiver) {
    requireReliable(receiver.channel());
    receivers.put(receiver.streamKey(), receiver);
    return this;
  }

  /** Takes over the link's envelope handler; {@code others} gets what is not reliable traffic. */
  public void bind(Link link, Handler<Envelope> others) {
    senders.values().forEach(sender -> sender.attach(link));
    link.handler(envelope -> dispatch(link, envelope, others));
    receivers.values().forEach(receiver -> receiver.attach(link));
  }

  private void dispatch(Link link, Envelope envelope, Handler<Envelope> others) {
    if (SyncProtocol.isSyncControl(envelope)) {
      SyncSender sender = senders.get(envelope.getRoute().getResource());
      if (sender == null) {
        log.debug("[node: {}] sync {} for a stream we do not send: {}", peer, envelope.getRoute().getOperation(),
            envelope.getRoute().getResource());
      } else if (SyncProtocol.RESUME.equals(envelope.getRoute().getOperation())) {
        sender.onResume(link, envelope.getSequence());
      } else if (SyncProtocol.ACK.equals(envelope.getRoute().getOperation())) {
        sender.onAck(link, envelope.getSequence());
      }
      return;
    }
    SyncReceiver receiver = receivers.get(SyncProtocol.streamKey(envelope.getChannel(), envelope.getStream()));
    if (receiver != null && envelope.getSequence() > 0) {
      receiver.onEnvelope(envelope);
    } else {
      others.handle(envelope);
    }
  }

  private static void requireReliable(Channel channel) {
    if (!SyncProtocol.isReliable(channel)) {
      throw new IllegalArgumentException(channel + " is not a reliable channel (DATA and RESOURCES are)");
    }
  }
}
