package io.vertedge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ConsoleLoggingTest {

  @Test
  void writesOneLinePerEventToStderrThroughANonBlockingQueue() {
    LoggerContext context = new LoggerContext();
    ConsoleLogging.setUp(context);
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertEquals(Level.INFO, root.getLevel());
    AsyncAppender async = assertInstanceOf(AsyncAppender.class, root.getAppender("ASYNC"));
    assertTrue(async.isStarted() && async.isNeverBlock(), "started, never blocks the caller");
    assertEquals(8192, async.getQueueSize());
    assertEquals(0, async.getDiscardingThreshold(), "no level is dropped before the queue is full");
    @SuppressWarnings("unchecked")
    ConsoleAppender<ILoggingEvent> console = assertInstanceOf(ConsoleAppender.class, async.getAppender("CONSOLE"));
    assertEquals("System.err", console.getTarget());

    LoggingEvent event = new LoggingEvent("x", context.getLogger("io.vertedge.edge.mappers.DeviceRunner"), Level.WARN,
        "[node: {}, device: {}] offline", null, new Object[] {"edge-1", "default/sim-1"});
    String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
    assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) WARN  DeviceRunner - "
        + "\\[node: edge-1, device: default/sim-1] offline\\R"), line);
    context.stop();
  }

  @Test
  void theLineIsWhatLogbacksPatternWrites() {
    LoggerContext context = new LoggerContext();
    PatternLayout pattern = new PatternLayout();
    pattern.setContext(context);
    pattern.setPattern(ConsoleLogging.PATTERN);
    pattern.start();
    ConsoleLogging.Line line = new ConsoleLogging.Line();
    line.setContext(context);
    line.start();
    IllegalStateException cause = new IllegalStateException("disk full");
    RuntimeException failure = new RuntimeException("cannot write default/sim-1", cause);
    failure.addSuppressed(new java.io.IOException("close failed"));
    List<LoggingEvent> events = List.of(
        new LoggingEvent("x", context.getLogger("io.vertedge.edge.twin.DeviceTwin"), Level.INFO,
            "[node: {}] device twin holds {} devices", null, new Object[] {"edge-1", 3}),
        new LoggingEvent("x", context.getLogger("io.vertedge.store.log.LogWriter"), Level.ERROR,
            "[store: {}] write failed", failure, new Object[] {"/var/lib/vertedge/edge/store/outbox"}),
        new LoggingEvent("x", context.getLogger("Unqualified"), Level.DEBUG, "no arguments", null, null));
    for (LoggingEvent event : events) {
      assertEquals(pattern.doLayout(event), line.doLayout(event));
    }
    context.stop();
  }

  @Test
  void quietsTheLibrariesAndVertxMqttClientsStackTraces() {
    LoggerContext context = new LoggerContext();
    ConsoleLogging.setUp(context);
    assertEquals(Level.WARN, context.getLogger("io.netty").getLevel());
    assertEquals(Level.WARN, context.getLogger("io.vertx").getLevel());
    assertEquals(Level.OFF, context.getLogger("io.vertx.mqtt.impl.MqttClientImpl").getLevel());
    assertEquals(Level.INFO, context.getLogger("io.vertedge.runtime.EdgeRuntime").getEffectiveLevel());
    context.stop();
  }

  @Test
  void aLogbackFileOnTheClassPathWins() {
    // the tests' logback-test.xml is on the class path: logback reads it instead
    LoggerContext context = new LoggerContext();
    ConsoleLogging logging = new ConsoleLogging();
    logging.setContext(context);
    assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, logging.configure(context));
    assertTrue(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC") == null, "nothing set up");
    context.stop();
  }
}
