package io.vertedge.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * One-time JDK initialisation that reads files, done on the test thread so BlockHound does not
 * see it on an event loop: the first socket of a JVM loads {@code net.properties} in a static
 * initialiser, and a failed static initialiser breaks every later test in the JVM. Production
 * pays this once at start-up, which is harmless.
 */
public final class JdkWarmUp {

  private JdkWarmUp() { }

  /** Initialises the JDK's socket classes. */
  public static void networking() {
    try {
      new ServerSocket().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
