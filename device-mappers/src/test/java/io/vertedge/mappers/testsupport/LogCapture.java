package io.vertedge.mappers.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** What one class logs at a level, for tests that count log lines (an outage is logged once). */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private final Level level;

  public LogCapture(Class<?> logging) {
    this(logging, null);
  }

  /** Also what it logs down to {@code level} (e.g. DEBUG), while capturing. */
  public LogCapture(Class<?> logging, Level level) {
    logger = (Logger) LoggerFactory.getLogger(logging);
    this.level = logger.getLevel();
    if (level != null) {
      logger.setLevel(level);
    }
    appender.start();
    logger.addAppender(appender);
  }

  /** The formatted messages logged at {@code level}, in order. */
  public List<String> messages(Level at) {
    synchronized (appender) { // AppenderBase appends under its own lock
      return appender.list.stream().filter(e -> e.getLevel() == at).map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(level);
  }
}
