package io.vertedge.mappers.testsupport;

import io.vertx.core.impl.VertxThread;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Makes every Vert.x event-loop thread a non-blocking thread for BlockHound, so that a
 * blocking call on an event loop fails the test that made it. Installed for every test by
 * blockhound-junit-platform through META-INF/services. A copy of the transports module's
 * integration, trimmed: device-mappers may not depend on transports, not even for tests.
 */
public final class VertxBlockHoundIntegration implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.nonBlockingThreadPredicate(current -> current.or(VertxBlockHoundIntegration::isEventLoop));
    // One-time TLS set-up (the https and mqtts push tests) reads the JDK's entropy; it happens
    // once per SSL context, not per message (as in the transports module's integration).
    builder.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes");
    builder.allowBlockingCallsInside("sun.security.provider.SeedGenerator", "getSystemEntropy");
    builder.allowBlockingCallsInside("java.security.SecureRandom", "nextBytes");
    builder.allowBlockingCallsInside("sun.security.ssl.SSLContextImpl", "engineInit");
    builder.allowBlockingCallsInside("io.netty.handler.ssl.SslContext", "newClientContextInternal");
    builder.allowBlockingCallsInside("io.netty.handler.ssl.SslContext", "newServerContextInternal");
    // The first socket of a JVM loads net.properties in a static initialiser, once.
    builder.allowBlockingCallsInside("sun.net.NetProperties", "loadDefaultProperties");
    // executeBlocking is the sanctioned way off an event loop; handing the task to the worker
    // pool takes that pool queue's lock for an instant, which parks only under contention.
    builder.allowBlockingCallsInside("io.vertx.core.impl.ExecuteBlocking", "executeBlocking");
    // Closing Vert.x shuts its worker pools down from an event loop, once, at the very end.
    builder.allowBlockingCallsInside("io.vertx.core.internal.WorkerPool", "close");
    // Netty 4.2's adaptive allocator takes a StampedLock for an instant when it grows its
    // magazines; under contention that parks (a known false positive: armeria#6344).
    builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
    // Logback appends synchronously to the console; tests accept that, production logs asynchronously.
    builder.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes");
    builder.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "subAppend");
  }

  private static boolean isEventLoop(Thread thread) {
    return thread instanceof VertxThread vertxThread && !vertxThread.isWorker();
  }
}
