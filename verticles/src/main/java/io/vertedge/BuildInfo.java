package io.vertedge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Version and git commit of this build, from {@code io/vertedge/version.properties}. */
public final class BuildInfo {

  static final String RESOURCE = "io/vertedge/version.properties";
  private static final BuildInfo CURRENT = load();

  private final String version;
  private final String sha;

  public BuildInfo(Properties properties) {
    this.version = value(properties, "version");
    this.sha = value(properties, "sha");
  }

  public static BuildInfo current() {
    return CURRENT;
  }

  public String version() {
    return version;
  }

  public String sha() {
    return sha;
  }

  /** {@code vertedge <version> (<sha>)}; a value the build did not fill in reads {@code unknown}. */
  public String line() {
    return "vertedge " + version + " (" + sha + ")";
  }

  private static BuildInfo load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return new BuildInfo(properties);
  }

  private static String value(Properties properties, String key) {
    String value = properties.getProperty(key, "").strip();
    return value.isEmpty() || value.startsWith("${") ? "unknown" : value;
  }
}
