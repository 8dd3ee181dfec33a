package io.vertedge.store.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Keeps a second writer (another process, or a repair) away from a log directory. */
final class DirectoryLock implements Closeable {

  static final String FILE_NAME = "log.lock";

  private final FileChannel channel;

  private DirectoryLock(FileChannel channel) {
    this.channel = channel;
  }

  static DirectoryLock acquire(Path dir) throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IOException("[store: " + dir + "] log is in use by another process (it holds " + FILE_NAME + ")");
      }
      return new DirectoryLock(channel);
    } catch (OverlappingFileLockException e) {
      channel.close();
      throw new IOException("[store: " + dir + "] log is already open in this process", e);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Releases the lock; the file stays, it holds nothing. */
  @Override
  public void close() throws IOException {
    channel.close();
  }
}
