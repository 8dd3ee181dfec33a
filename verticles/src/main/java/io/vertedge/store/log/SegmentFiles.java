package io.vertedge.store.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Names, lists and creates segment files in a log directory. */
final class SegmentFiles {

  private static final Pattern NAME = Pattern.compile("\\d{20}\\.log");

  private SegmentFiles() {
  }

  /** A segment file and the first sequence its name says it holds. */
  record SegmentFile(Path path, long firstSequence) {
  }

  static String name(long firstSequence) {
    return String.format("%020d.log", firstSequence);
  }

  /** The segment files of {@code dir} in sequence order; other files are not the log's business. */
  static List<SegmentFile> list(Path dir) throws IOException {
    List<SegmentFile> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path path : (Iterable<Path>) entries::iterator) {
        String name = path.getFileName().toString();
        if (NAME.matcher(name).matches() && Files.isRegularFile(path)) {
          files.add(new SegmentFile(path, Long.parseLong(name.substring(0, 20))));
        }
      }
    }
    files.sort(Comparator.comparingLong(SegmentFile::firstSequence));
    return files;
  }

  /**
   * Creates a segment holding only its header, forced together with the directory entry, so a
   * record appended to it is durable once the segment itself is forced.
   */
  static FileChannel create(Path dir, long firstSequence, boolean followsGap) throws IOException {
    Path path = dir.resolve(name(firstSequence));
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      writeHeader(channel, firstSequence, followsGap);
      forceDirectory(dir);
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Writes a fresh header at the start of {@code channel}, leaves the position after it, forces. */
  static void writeHeader(FileChannel channel, long firstSequence, boolean followsGap) throws IOException {
    var header = SegmentHeader.current(firstSequence, followsGap).encode();
    channel.position(0);
    while (header.hasRemaining()) {
      channel.write(header);
    }
    channel.force(true);
  }

  /** Makes created, renamed and deleted entries of {@code dir} durable. */
  static void forceDirectory(Path dir) throws IOException {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }
}
