package io.vertedge.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The data directory rules of API.md §3: {@code /var/lib/vertedge/<side>} for root, else
 * {@code ${XDG_DATA_HOME:-~/.local/share}/vertedge/<side>}; created with mode 0700 because it
 * holds private keys.
 */
public final class DataDirs {

  private DataDirs() { }

  /** The default for {@code cloud}, {@code edge} or {@code demo}, for the current user. */
  public static Path defaultFor(String side, Map<String, String> env) {
    return defaultFor(side, env, isRoot(), Path.of(System.getProperty("user.home")));
  }

  /** The default, with the facts it depends on made explicit (for tests). */
  static Path defaultFor(String side, Map<String, String> env, boolean root, Path home) {
    if (root) {
      return Path.of("/var/lib/vertedge", side);
    }
    String xdg = env.get("XDG_DATA_HOME");
    // the XDG spec says to ignore a relative XDG_DATA_HOME
    Path base = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".local/share");
    return base.resolve("vertedge").resolve(side);
  }

  /**
   * Creates the directory (and missing parents) with mode 0700 if it does not exist.
   *
   * @throws ConfigException naming the directory when it cannot be created or is not a directory
   */
  public static Path create(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        return dir;
      }
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (supportsPosix(dir)) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // the umask may have masked bits off the attribute; it cannot add any, but be explicit
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } else {
        Files.createDirectory(dir);
      }
      return dir;
    } catch (FileAlreadyExistsException e) {
      if (Files.isDirectory(dir)) {
        return dir; // made concurrently, e.g. by the demo's other side
      }
      throw new ConfigException("config: data directory " + dir + " exists and is not a directory");
    } catch (IOException | SecurityException e) {
      throw new ConfigException("config: data directory " + dir + ": cannot create (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static boolean supportsPosix(Path dir) {
    return dir.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static boolean isRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (LinkageError | RuntimeException e) {
      return "root".equals(System.getProperty("user.name")); // not a Unix JDK
    }
  }
}
