package io.vertedge.link;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Hello;
import io.vertedge.link.proto.Welcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The cloud's side of the hello, for connections of any transport: the first envelope must be
 * a well-formed hello of a protocol version we speak, and the {@link HelloVerifier} must agree.
 * Every refusal is answered with a reason, logged with the remote address and counted.
 */
public final class LinkAcceptor {

  private static final Logger log = LoggerFactory.getLogger(LinkAcceptor.class);

  private final Vertx vertx;
  private final LinkSettings settings;
  private final LinkMetrics metrics;
  private final HelloVerifier verifier;

  public LinkAcceptor(Vertx vertx, LinkSettings settings, LinkMetrics metrics, HelloVerifier verifier) {
    this.vertx = vertx;
    this.settings = settings;
    this.metrics = metrics;
    this.verifier = verifier;
  }

  public Future<Link> accept(Connection connection) {
    Promise<Hello> hello = Promise.promise();
    long timer = vertx.setTimer(settings.helloTimeout().toMillis(),
        id -> hello.tryFail(new LinkRefusedException("no hello within " + settings.helloTimeout().toMillis() + " ms")));
    connection.closedHandler(reason -> hello.tryFail(new LinkRefusedException("closed before hello: " + reason)));
    connection.envelopeHandler(envelope -> {
      try {
        hello.tryComplete(parseHello(envelope));
      } catch (LinkRefusedException e) {
        hello.tryFail(e);
      }
    });
    return hello.future()
        .andThen(ar -> vertx.cancelTimer(timer))
        .compose(h -> verifier.verify(h, connection).map(h))
        .map(h -> welcome(connection, h))
        .onFailure(failure -> refuse(connection, failure));
  }

  private Hello parseHello(Envelope envelope) {
    if (envelope.getChannel() != Channel.CONTROL || !LinkProtocol.HELLO.equals(envelope.getRoute().getOperation())) {
      throw new LinkRefusedException("expected hello, got '" + envelope.getRoute().getOperation() + "' on " + envelope.getChannel());
    }
    Hello hello;
    try {
      hello = Hello.parseFrom(envelope.getContent());
    } catch (InvalidProtocolBufferException e) {
      throw new LinkRefusedException("malformed hello: " + e.getMessage());
    }
    if (hello.getNodeName().isBlank()) {
      throw new LinkRefusedException("malformed hello: no node name");
    }
    if (!LinkProtocol.accepts(hello.getProtocolVersion())) {
      throw new LinkRefusedException("unsupported protocol version " + hello.getProtocolVersion()
          + " (this cloud speaks " + LinkProtocol.accepted() + ")");
    }
    return hello;
  }

  private Link welcome(Connection connection, Hello hello) {
    Duration peerInterval = hello.getHeartbeatIntervalMs() > 0
        ? Duration.ofMillis(hello.getHeartbeatIntervalMs()) : settings.heartbeatInterval();
    Welcome welcome = Welcome.newBuilder()
        .setSessionId(Ids.next())
        .setProtocolVersion(Math.min(hello.getProtocolVersion(), LinkProtocol.VERSION))
        .setSoftwareVersion(settings.softwareVersion())
        .setHeartbeatIntervalMs(peerInterval.toMillis())
        .build();
    connection.write(LinkSession.control(LinkProtocol.WELCOME, "", welcome.toByteString()));
    return new LinkSession(vertx, connection, hello.getNodeName(), hello.getSoftwareVersion(), metrics,
        false, peerInterval, settings.heartbeatMisses()).start();
  }

  private void refuse(Connection connection, Throwable failure) {
    String reason = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    metrics.linkRefused(failure instanceof LinkRefusedException ? "hello" : "error");
    log.warn("[remote: {}, transport: {}] link refused: {}", connection.remoteAddress(), connection.transport(), reason);
    connection.write(LinkSession.control(LinkProtocol.REFUSED, "", ByteString.copyFromUtf8(reason)));
    connection.close(reason);
  }
}
