package io.vertedge.load.delivery;

/** How a harness's {@code main} ends. */
public final class Harness {

  private Harness() { }

  /** The body of a harness. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  /**
   * Runs {@code body} and exits: 0 when it returns, 1 after printing what it threw. The exit is
   * explicit because Vert.x's threads, and whatever a failure leaves running (an edge retrying its
   * link), would otherwise keep the JVM up with nobody waiting for it.
   */
  public static void runAndExit(Body body) {
    try {
      body.run();
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }
}
