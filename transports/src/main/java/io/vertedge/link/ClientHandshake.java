package io.vertedge.link;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Hello;
import io.vertedge.link.proto.Welcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;

/** The edge's side of the hello: announce the node, wait for welcome or refusal. */
public final class ClientHandshake {

  private final Vertx vertx;
  private final LinkSettings settings;
  private final LinkMetrics metrics;

  public ClientHandshake(Vertx vertx, LinkSettings settings, LinkMetrics metrics) {
    this.vertx = vertx;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** Completes with the started link, or fails with {@link LinkRefusedException} or the transport's error. */
  public Future<Link> perform(Connection connection, String nodeName) {
    Promise<Link> result = Promise.promise();
    long timer = vertx.setTimer(settings.helloTimeout().toMillis(), id -> {
      if (result.tryFail(new LinkRefusedException("no welcome from the cloud within " + settings.helloTimeout().toMillis() + " ms"))) {
        connection.close("hello timed out");
      }
    });
    connection.closedHandler(reason -> result.tryFail(new LinkRefusedException("link closed before welcome: " + reason)));
    connection.envelopeHandler(envelope -> onAnswer(connection, nodeName, envelope, result));
    Hello hello = Hello.newBuilder()
        .setNodeName(nodeName)
        .setProtocolVersion(LinkProtocol.VERSION)
        .setSoftwareVersion(settings.softwareVersion())
        .setHeartbeatIntervalMs(settings.heartbeatInterval().toMillis())
        .build();
    connection.write(LinkSession.control(LinkProtocol.HELLO, "", hello.toByteString()));
    return result.future().andThen(ar -> vertx.cancelTimer(timer));
  }

  private void onAnswer(Connection connection, String nodeName, Envelope envelope, Promise<Link> result) {
    if (envelope.getChannel() != Channel.CONTROL || !LinkProtocol.GROUP.equals(envelope.getRoute().getGroup())) {
      fail(connection, result, "expected welcome, got " + envelope.getRoute().getOperation() + " on " + envelope.getChannel());
      return;
    }
    switch (envelope.getRoute().getOperation()) {
      case LinkProtocol.WELCOME -> welcomed(connection, nodeName, envelope, result);
      case LinkProtocol.REFUSED -> {
        result.tryFail(new LinkRefusedException(envelope.getContent().toString(StandardCharsets.UTF_8)));
        connection.close("refused");
      }
      default -> fail(connection, result, "expected welcome, got " + envelope.getRoute().getOperation());
    }
  }

  private void welcomed(Connection connection, String nodeName, Envelope envelope, Promise<Link> result) {
    Welcome welcome;
    try {
      welcome = Welcome.parseFrom(envelope.getContent());
    } catch (InvalidProtocolBufferException e) {
      fail(connection, result, "malformed welcome: " + e.getMessage());
      return;
    }
    LinkSession session = new LinkSession(vertx, connection, nodeName, welcome.getSoftwareVersion(), metrics,
        true, settings.heartbeatInterval(), settings.heartbeatMisses());
    if (result.tryComplete(session)) {
      session.start();
    }
  }

  private void fail(Connection connection, Promise<Link> result, String reason) {
    metrics.linkRefused("protocol");
    if (result.tryFail(new LinkRefusedException(reason))) {
      connection.close(reason);
    }
  }
}
