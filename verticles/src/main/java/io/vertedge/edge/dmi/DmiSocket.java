package io.vertedge.edge.dmi;

import io.vertedge.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes the DMI socket's path free before the server listens: a socket file nobody answers on was
 * left by a killed edge and is removed; one that answers belongs to another running edge, a
 * configuration error naming {@code dmi.socket} (exit 2).
 */
final class DmiSocket {

  private DmiSocket() { }

  static Future<Void> clear(Vertx vertx, Path socket) {
    return vertx.executeBlocking(() -> {
      Files.createDirectories(socket.toAbsolutePath().getParent());
      if (Files.isRegularFile(socket) || Files.isDirectory(socket)) {
        throw new ConfigException("edge.dmi.socket: " + socket + " exists and is not a socket; set dmi.socket");
      }
      return Files.exists(socket);
    }).compose(exists -> exists ? answers(vertx, socket) : Future.succeededFuture(false))
        .compose(answers -> {
          if (answers) {
            return Future.failedFuture(new ConfigException("edge.dmi.socket: " + socket
                + " is in use (another running edge?); stop it or set dmi.socket"));
          }
          return vertx.executeBlocking(() -> Files.deleteIfExists(socket)).mapEmpty();
        });
  }

  private static Future<Boolean> answers(Vertx vertx, Path socket) {
    NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000));
    return client.connect(SocketAddress.domainSocketAddress(socket.toString()))
        .compose(connection -> connection.close().map(true))
        .otherwise(false)
        .eventually(client::close);
  }
}
