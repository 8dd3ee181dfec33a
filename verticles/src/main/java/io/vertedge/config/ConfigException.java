package io.vertedge.config;

/**
 * A configuration mistake the user can fix. The message is one line without the
 * {@code vertedge: } prefix, e.g. {@code config: link.x: "fast" is not a duration (e.g. 15s, 500ms)};
 * the command line prints it as is and exits with 2. The runtime may throw it too, for
 * problems only found at start (a port in use).
 */
public final class ConfigException extends RuntimeException {

  private final String key;

  /** A complete line, e.g. {@code edge.api.port: 7777 is in use (another mapper?); set api.port}. */
  public ConfigException(String line) {
    this(null, line);
  }

  private ConfigException(String key, String line) {
    super(line, null, false, false); // a user mistake: the stack trace helps nobody
    this.key = key;
  }

  /** {@code config: <key>: <problem>}. */
  public static ConfigException forKey(String key, String problem) {
    return new ConfigException(key, "config: " + key + ": " + problem);
  }

  /** The key (or environment variable, or option) at fault, or {@code null} when not about one. */
  public String key() {
    return key;
  }
}
