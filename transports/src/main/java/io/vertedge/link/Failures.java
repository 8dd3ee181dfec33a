package io.vertedge.link;

/** How a refused connection's failure is written to the log: one short line. */
public final class Failures {

  private static final int MAX = 160;

  private Failures() {
  }

  /**
   * The failure's type and message, cut to one short line: Netty puts the whole offending record
   * in hex into a {@code NotSslRecordException}, which would flood the log on a scan.
   */
  public static String brief(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getClass().getSimpleName() + ": " + root.getMessage();
    return text.length() > MAX ? text.substring(0, MAX) + "..." : text;
  }
}
