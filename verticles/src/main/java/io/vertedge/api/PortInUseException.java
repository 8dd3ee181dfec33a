package io.vertedge.api;

/**
 * A listener could not bind because its port is taken. The message is the one line the CLI
 * prints before exiting with 2 (API.md section 2), e.g.
 * {@code edge.api.port: 7777 is in use (another mapper?); set api.port}.
 */
public final class PortInUseException extends RuntimeException {

  private final int port;

  /** An exception whose message is exactly {@code message}. */
  public PortInUseException(String message, int port, Throwable cause) {
    // a user error: the stack trace would only hide the one line that matters
    super(message, cause, false, false);
    this.port = port;
  }

  /**
   * The exception for a configuration key: {@code <side>.<key>: <port> is in use[ (<hint>)]; set <key>}.
   *
   * @param side {@code cloud} or {@code edge}
   * @param key the configuration key, e.g. {@code api.port}
   * @param hint what else may hold the port, or null
   */
  public static PortInUseException forKey(String side, String key, int port, String hint, Throwable cause) {
    String because = hint == null ? "" : " (" + hint + ")";
    return new PortInUseException(side + "." + key + ": " + port + " is in use" + because + "; set " + key,
        port, cause);
  }

  /** The port that was taken. */
  public int port() {
    return port;
  }
}
