package io.vertedge.store.state;

import java.nio.file.Path;

/**
 * The state store cannot be used. The message is one line a user can act on (the command line
 * prints it and exits with 2): it names the file and says what to do.
 */
public final class StateStoreException extends RuntimeException {

  /** Why the store cannot be used, for callers that act differently on each. */
  public enum Reason {
    /** The file cannot be read; {@link StateCheck#repair} moves it aside. */
    DAMAGED,
    /** Written by a newer vertedge; nothing is wrong with it. */
    NEWER_FORMAT,
    /** Another process has it open. */
    LOCKED,
    /** A write or commit failed (disk full, I/O error); reopen the store before going on. */
    WRITE_FAILED
  }

  private final Reason reason;

  private StateStoreException(Reason reason, String line, Throwable cause) {
    super(line, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Written by a newer vertedge: reading it could lose what that version added. */
  static StateStoreException newerFormat(Path file, long format, long supported) {
    return new StateStoreException(Reason.NEWER_FORMAT, "state store " + file + " has format " + format
        + ", this vertedge reads up to " + supported + "; upgrade vertedge", null);
  }

  /** Unreadable: the check command says what is wrong and can move the file aside. */
  static StateStoreException damaged(Path dataDir, Path file, Throwable cause) {
    return new StateStoreException(Reason.DAMAGED, "state store " + file + " cannot be read (" + brief(cause)
        + "); run `vertedge store check --data-dir " + dataDir + "`", cause);
  }

  /** Locked by another process; it is not damaged, so nothing may move it aside. */
  static StateStoreException inUse(Path file, Throwable cause) {
    return new StateStoreException(Reason.LOCKED, "state store " + file
        + " is locked by another process (is another vertedge using this data directory?)", cause);
  }

  static StateStoreException writeFailed(Path file, Throwable cause) {
    return new StateStoreException(Reason.WRITE_FAILED, "state store " + file + ": write failed (" + brief(cause) + ")", cause);
  }

  /** The cause on one line; MapDB's I/O errors carry no message, only a cause of their own. */
  static String brief(Throwable cause) {
    String message = cause.getMessage();
    String line = cause.getClass().getSimpleName();
    if (message != null) {
      line += ": " + message;
    } else if (cause.getCause() != null) {
      line += ": " + brief(cause.getCause());
    }
    return line.replaceAll("\\s+", " ").trim();
  }
}
