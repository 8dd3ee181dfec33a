package io.vertedge.store.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a test does to log files from outside, as a crash, a bad disk or an operator would:
 * find, cut, flip, remove. Offsets follow the documented format (20-byte segment header,
 * 24 bytes before each payload), written out here rather than taken from the code under test.
 */
final class LogFiles {

  static final int HEADER = 20;
  static final int RECORD_OVERHEAD = 24;

  private LogFiles() {
  }

  static List<Path> segments(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.log")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path segment(Path dir, long firstSequence) {
    return dir.resolve(String.format("%020d.log", firstSequence));
  }

  /** Where record number {@code index} (0-based) starts in a segment of equal-sized records. */
  static long offsetOf(int index, int payloadBytes) {
    return HEADER + (long) index * (RECORD_OVERHEAD + payloadBytes);
  }

  static byte[] payload(String text, int size) {
    byte[] bytes = new byte[size];
    byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(textBytes, 0, bytes, 0, Math.min(size, textBytes.length));
    return bytes;
  }

  static String text(byte[] payload) {
    int end = 0;
    while (end < payload.length && payload[end] != 0) {
      end++;
    }
    return new String(payload, 0, end, StandardCharsets.UTF_8);
  }

  static void flipBit(Path file, long offset) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, offset);
      one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
      channel.write(one, offset);
    }
  }

  static void cutTo(Path file, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }

  static void appendBytes(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes, StandardOpenOption.APPEND);
  }

  static void writeShort(Path file, long offset, short value) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(2).putShort(0, value), offset);
    }
  }

  /** Every record of the log from its first sequence on, read through a fresh cursor. */
  static List<LogRecord> readAll(SegmentLog log) throws IOException {
    List<LogRecord> records = new ArrayList<>();
    try (LogCursor cursor = log.read(log.firstSequence())) {
      for (LogRecord record = cursor.next(); record != null; record = cursor.next()) {
        records.add(record);
      }
    }
    return records;
  }
}
