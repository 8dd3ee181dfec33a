package io.vertedge.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * {@code <data>/endpoints.json}: the addresses actually bound, for scripts and port-0 tests
 * (API.md section 3). Written once every listener is bound, replaced atomically, removed on a
 * clean stop.
 */
public final class EndpointsFile {

  public static final String NAME = "endpoints.json";

  private final Vertx vertx;
  private final Path file;

  public EndpointsFile(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    this.file = dataDir.resolve(NAME);
  }

  public Path path() {
    return file;
  }

  public Future<Void> write(JsonObject endpoints) {
    return vertx.executeBlocking(() -> {
      Path temporary = file.resolveSibling(NAME + ".tmp");
      byte[] bytes = (endpoints.encodePrettily() + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(java.nio.ByteBuffer.wrap(bytes));
        channel.force(true);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + temporary, e);
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return null;
    });
  }

  /** Removes the file, on a worker: the stop path of a clean shutdown. */
  public Future<Void> remove() {
    return vertx.executeBlocking(() -> {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + file, e);
      }
      return null;
    });
  }
}
