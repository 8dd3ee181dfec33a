package io.vertedge.load.link;

import io.vertedge.link.LinkTls;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * The physical limit our link is compared with: a bare Vert.x TLS WebSocket with the same
 * engine and certificates, 1 KiB binary messages client to server, the server acking every
 * {@code ackEvery} messages, the client keeping a bounded window of unacked messages.
 */
final class RawWebSocketBaseline {

  private final Vertx vertx;
  private final LinkTls serverTls;
  private final LinkTls clientTls;

  RawWebSocketBaseline(Vertx vertx, LinkTls serverTls, LinkTls clientTls) {
    this.vertx = vertx;
    this.serverTls = serverTls;
    this.clientTls = clientTls;
  }

  Future<Long> run(int messages, int size, int ackEvery, int window) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
        .setSslEngineOptions(LinkTls.engine()).setKeyCertOptions(serverTls.keyCertOptions())
        .setTrustOptions(serverTls.trustOptions()).setClientAuth(ClientAuth.REQUIRED).setTcpNoDelay(true));
    server.webSocketHandler(socket -> {
      long[] received = {0};
      socket.binaryMessageHandler(message -> {
        if (++received[0] % ackEvery == 0) {
          socket.writeBinaryMessage(Buffer.buffer().appendLong(received[0]));
        }
      });
    });
    WebSocketClient[] client = new WebSocketClient[1];
    java.util.function.Function<HttpServer, Future<Long>> clientSide = bound -> {
      client[0] = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
          .setSslEngineOptions(LinkTls.engine()).setKeyCertOptions(clientTls.keyCertOptions())
          .setTrustOptions(clientTls.trustOptions()).setVerifyHost(false).setTcpNoDelay(true));
      return client[0].connect(new WebSocketConnectOptions().setHost("127.0.0.1")
              .setPort(bound.actualPort()).setURI("/").setSsl(true))
          .compose(socket -> send(socket, messages, size, window));
    };
    Future<Long> run = OnOwnLoop.run(vertx, () -> server.listen(0, "127.0.0.1"))
        .compose(bound -> OnOwnLoop.run(vertx, () -> clientSide.apply(bound)));
    return run.andThen(ar -> client[0].close().compose(v -> server.close()));
  }

  private Future<Long> send(WebSocket socket, int messages, int size, int window) {
    Promise<Long> done = Promise.promise();
    byte[] payload = new byte[size];
    // a fresh buffer per message: Vert.x releases a written buffer, and our codec allocates one too
    WindowedSender sender = new WindowedSender(vertx, messages, window,
        () -> socket.writeBinaryMessage(Buffer.buffer(payload.clone())), done);
    socket.binaryMessageHandler(ack -> sender.acked(ack.getLong(0)));
    sender.start();
    return done.future();
  }
}
