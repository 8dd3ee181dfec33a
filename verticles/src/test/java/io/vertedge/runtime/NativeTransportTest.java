package io.vertedge.runtime;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The modes' Vert.x on the machines the jar has natives for; the fallback to NIO runs in Aarch64DemoIT (qemu-user). */
@Timeout(30)
class NativeTransportTest {

  @Test
  void onLinuxX86TheModesRunOnEpollAndSaySo() {
    assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
        "the CI machine: Linux x86_64");
    Vertx vertx = Vertx.vertx(Modes.vertxOptions());
    try {
      assertTrue(NativeTransport.usable());
      assertTrue(vertx.isNativeTransportEnabled());
      assertEquals("epoll (native)", NativeTransport.describe(vertx));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aVertxNotAskedForEpollIsNamedPlainly() {
    Vertx vertx = Vertx.vertx();
    try {
      assertEquals("NIO", NativeTransport.describe(vertx));
    } finally {
      vertx.close().await();
    }
  }
}
