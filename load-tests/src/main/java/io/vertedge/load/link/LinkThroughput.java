package io.vertedge.load.link;

import com.google.protobuf.ByteString;
import io.vertedge.link.Link;
import io.vertedge.link.LinkAcceptor;
import io.vertedge.link.LinkEndpoints;
import io.vertedge.link.LinkListener;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkProvider;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.LinkTls;
import io.vertedge.link.NodeCertificates;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertedge.link.quic.QuicLinkListener;
import io.vertedge.link.quic.QuicLinkProvider;
import io.vertedge.link.quic.QuicSettings;
import io.vertedge.link.websocket.WebSocketLinkListener;
import io.vertedge.link.websocket.WebSocketLinkProvider;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Our link under the same load as {@link RawWebSocketBaseline}, over either transport: 1 KiB
 * envelopes edge to cloud on the data channel, the cloud acking every {@code ackEvery} on the
 * resources channel.
 */
final class LinkThroughput {

  private final String transport;
  private final Vertx vertx;
  private final LinkTls serverTls;
  private final LinkTls nodeTls;
  private final String nodeName;

  LinkThroughput(String transport, Vertx vertx, LinkTls serverTls, LinkTls nodeTls, String nodeName) {
    this.transport = transport;
    this.vertx = vertx;
    this.serverTls = serverTls;
    this.nodeTls = nodeTls;
    this.nodeName = nodeName;
  }

  Future<Long> run(int messages, int size, int ackEvery, int window) {
    LinkSettings settings = LinkSettings.defaults("bench");
    LinkMetrics metrics = LinkMetrics.noop();
    boolean quic = transport.equals("quic");
    LinkListener listener = quic
        ? new QuicLinkListener(vertx, serverTls, settings.maxFrameSize(), QuicSettings.defaults(), metrics)
        : new WebSocketLinkListener(vertx, serverTls, settings.maxFrameSize(), metrics);
    LinkAcceptor acceptor = new LinkAcceptor(vertx, settings, metrics, NodeCertificates::verifyHello);
    listener.connectionHandler(connection -> acceptor.accept(connection).onSuccess(cloud -> {
      long[] received = {0};
      cloud.handler(envelope -> {
        if (++received[0] % ackEvery == 0) {
          cloud.send(Envelope.newBuilder().setChannel(Channel.RESOURCES).setSequence(received[0]).build());
        }
      });
    }));
    LinkProvider[] provider = new LinkProvider[1];
    java.util.function.Function<Integer, Future<Long>> edgeSide = port -> {
      provider[0] = quic ? new QuicLinkProvider(vertx, nodeTls, settings, QuicSettings.defaults(), metrics)
          : new WebSocketLinkProvider(vertx, nodeTls, settings, metrics);
      return provider[0].connect(new LinkEndpoints("wss://127.0.0.1:" + port + "/v1/link", "127.0.0.1:" + port), nodeName)
          .compose(edge -> send(edge, messages, size, window));
    };
    Future<Long> run = OnOwnLoop.run(vertx, () -> listener.listen("127.0.0.1", 0))
        .compose(port -> OnOwnLoop.run(vertx, () -> edgeSide.apply(port)));
    return run.andThen(ar -> provider[0].close().compose(v -> listener.close()));
  }

  private Future<Long> send(Link edge, int messages, int size, int window) {
    Promise<Long> done = Promise.promise();
    Envelope template = Envelope.newBuilder().setChannel(Channel.DATA)
        .setRoute(Route.newBuilder().setSource("bench").setGroup("data").setOperation("report").setResource("dev"))
        .setContent(ByteString.copyFrom(new byte[size])).build();
    long[] sequence = {0};
    WindowedSender sender = new WindowedSender(vertx, messages, window,
        () -> edge.send(template.toBuilder().setSequence(++sequence[0]).build()), done);
    edge.handler(ack -> sender.acked(ack.getSequence()));
    sender.start();
    return done.future();
  }
}
