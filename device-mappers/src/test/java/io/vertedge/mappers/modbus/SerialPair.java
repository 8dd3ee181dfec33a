package io.vertedge.mappers.modbus;

import io.vertedge.mappers.testsupport.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Two pseudo-terminals joined by socat ({@code /usr/bin/socat}, installed by scripts/test): what one
 * end writes the other reads, as two serial ports joined by a null-modem cable. The ends are
 * symbolic links to the {@code /dev/pts/N} devices.
 */
final class SerialPair implements AutoCloseable {

  final Path client;
  final Path server;
  private final Process socat;
  private boolean ownDirectory;

  /** In a new temporary directory, removed on close. */
  SerialPair() throws IOException {
    this(Files.createTempDirectory("vertedge-serial"), "client");
    ownDirectory = true;
  }

  /** {@code dir/name} for the client's end, {@code dir/name-server} for the server's. */
  SerialPair(Path dir, String name) throws IOException {
    client = dir.resolve(name);
    server = dir.resolve(name + "-server");
    socat = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + client, "pty,raw,echo=0,link=" + server)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Poll.until(Duration.ofSeconds(10), "socat to create both pseudo-terminals",
        () -> !socat.isAlive() || Files.exists(client) && Files.exists(server));
    if (!socat.isAlive()) {
      throw new IllegalStateException("socat exited with " + socat.exitValue());
    }
  }

  @Override
  public void close() throws Exception {
    socat.destroy();
    socat.waitFor(10, TimeUnit.SECONDS);
    Files.deleteIfExists(client);
    Files.deleteIfExists(server);
    if (ownDirectory) {
      Files.deleteIfExists(client.getParent());
    }
  }
}
