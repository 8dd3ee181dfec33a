package io.vertedge.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The levels {@code --log-level} accepts, applied to logback's root logger. */
enum LogLevel {
  TRACE, DEBUG, INFO, WARN, ERROR;

  void apply() {
    Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    // only logback can change levels at run time; with another binding the option is a no-op
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(ch.qos.logback.classic.Level.toLevel(name()));
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT); // lower case in --help, as users type it
  }

  /** Accepts any case; the error lists the levels as users type them. */
  static final class Converter implements ITypeConverter<LogLevel> {
    @Override
    public LogLevel convert(String value) {
      try {
        return LogLevel.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a log level (trace, debug, info, warn, error)");
      }
    }
  }

  /** The levels in --help. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(values()).map(LogLevel::toString).iterator();
    }
  }
}
