package io.vertedge.store.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One opener at a time for a data directory's state store, held in {@code state.lock} beside
 * it. MapDB's own lock is not used: when MapDB fails to open a damaged file it keeps that file
 * open and locked, so the check and repair in the same process would find it "in use".
 */
final class StoreLock implements AutoCloseable {

  static final String FILE_NAME = "state.lock";

  private final FileChannel channel;

  private StoreLock(FileChannel channel) {
    this.channel = channel;
  }

  /** @throws StateStoreException (locked) when another opener holds it */
  static StoreLock acquire(Path dataDir, Path storeFile) throws IOException {
    Files.createDirectories(dataDir);
    FileChannel channel = FileChannel.open(dataDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this process
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw StateStoreException.inUse(storeFile, null);
    }
    return new StoreLock(channel);
  }

  /** Releases the lock (closing the channel does); the file stays, empty. */
  @Override
  public void close() throws IOException {
    channel.close();
  }
}
