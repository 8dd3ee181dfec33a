package io.vertedge.cli.ctl;

/**
 * A ctl failure that is the user's to read: one line on stderr and an exit code of API.md §1
 * (2 when the command line or a file given to it is wrong, 1 when the server refused or could not
 * be reached). No stack trace: it would help nobody.
 */
final class CtlException extends RuntimeException {

  /** The command line or a file given on it is wrong: exit 2. */
  static final int USAGE = 2;
  /** The server refused, or could not be reached: exit 1. */
  static final int FAILED = 1;

  private final int exitCode;

  CtlException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  static CtlException usage(String message) {
    return new CtlException(USAGE, message);
  }

  static CtlException failed(String message) {
    return new CtlException(FAILED, message);
  }

  int exitCode() {
    return exitCode;
  }
}
