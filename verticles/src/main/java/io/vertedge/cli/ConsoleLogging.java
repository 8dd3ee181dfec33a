package io.vertedge.cli;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Vertedge's logging, set up in code rather than from a {@code logback.xml}: reading XML costs
 * logback's Joran and the JDK's XML parser, ≈ 400 classes that stay loaded for the life of the
 * process, which an edge on a small gateway pays for in RSS. One line per event on stderr
 * ({@code 2026-11-26T01:41:18.336Z INFO  DeviceRunner - [node: edge-1, device: ...] ...}),
 * written by a background thread: event loops never wait for the terminal, and under a log
 * flood lines are dropped, not waited for.
 *
 * <p>A {@code logback.xml} or {@code logback-test.xml} on the class path, or
 * {@code -Dlogback.configurationFile}, still wins: then logback reads that file as usual.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {

  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n";
  static final int QUEUE_SIZE = 8192;

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (aFileIsGiven()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    setUp(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The console through an asynchronous appender, and the levels, on {@code context}. */
  static void setUp(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("CONSOLE");
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("ASYNC");
    async.setQueueSize(QUEUE_SIZE);
    async.setDiscardingThreshold(0);
    async.setNeverBlock(true);
    async.addAppender(console);
    async.start();
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("io.vertx").setLevel(Level.WARN);
    // logs every failed attempt to reach an external broker with a stack trace; ExternalMqttBus says it in one line
    context.getLogger("io.vertx.mqtt.impl.MqttClientImpl").setLevel(Level.OFF);
    context.getLogger("com.hazelcast").setLevel(Level.WARN);
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(async);
  }

  private static boolean aFileIsGiven() {
    ClassLoader loader = ConsoleLogging.class.getClassLoader();
    return System.getProperty("logback.configurationFile") != null
        || loader.getResource("logback-test.xml") != null
        || loader.getResource("logback.xml") != null;
  }
}
