package io.vertedge.cli;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;

/**
 * Vertedge's logging, set up in code rather than from a {@code logback.xml}: reading XML costs
 * logback's Joran and the JDK's XML parser, ≈ 400 classes that stay loaded for the life of the
 * process, which an edge on a small gateway pays for in RSS; the line is written by {@link Line}
 * rather than a {@code PatternLayout}, whose converter registry loads another ≈ 100. One line per
 * event on stderr, as the pattern {@value #PATTERN} writes it
 * ({@code 2026-11-26T01:41:18.336Z INFO  DeviceRunner - [node: edge-1, device: ...] ...}, then
 * the stack trace if any), by a background thread: event loops never wait for the terminal, and
 * under a log flood lines are dropped, not waited for.
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
    Line line = new Line();
    line.setContext(context);
    line.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(line);
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

  /** The line of {@link #PATTERN}, with the stack trace as logback prints it, without a pattern parser. */
  static final class Line extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

    @Override
    public String doLayout(ILoggingEvent event) {
      StringBuilder line = new StringBuilder(160).append(TIME.format(event.getInstant())).append(' ');
      String level = event.getLevel().toString();
      line.append(level).append("     ", 0, Math.max(0, 5 - level.length())).append(' ');
      String logger = event.getLoggerName();
      line.append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(" - ")
          .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        line.append(ThrowableProxyUtil.asString(thrown));
      }
      return line.toString();
    }
  }

  private static boolean aFileIsGiven() {
    ClassLoader loader = ConsoleLogging.class.getClassLoader();
    return System.getProperty("logback.configurationFile") != null
        || loader.getResource("logback-test.xml") != null
        || loader.getResource("logback.xml") != null;
  }
}
