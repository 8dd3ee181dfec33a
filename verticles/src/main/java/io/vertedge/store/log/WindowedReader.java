package io.vertedge.store.log;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads a segment through one window of bytes, so that scanning records costs one read call
 * per window instead of two per record. Never reads past the limit the caller gives: beyond
 * the durable end of the active segment the bytes may still be changing.
 */
final class WindowedReader {

  private final FileChannel channel;
  private final ByteBuffer window;
  private final CRC32C crc = new CRC32C();
  private long windowStart;

  WindowedReader(FileChannel channel, int capacity) {
    this.channel = channel;
    this.window = ByteBuffer.allocateDirect(capacity);
    window.limit(0);
  }

  /**
   * Makes the {@code n} bytes at {@code offset} available in {@link #window()} and returns
   * where they start in it, or -1 when they would reach past {@code limit}.
   */
  int fill(long offset, int n, long limit) throws IOException {
    if (offset + n > limit) {
      return -1;
    }
    if (offset < windowStart || offset + n > windowStart + window.limit()) {
      load(offset, limit);
      if (n > window.limit()) {
        throw new EOFException("the file ends before byte " + limit + " (" + (offset + window.limit()) + ")");
      }
    }
    return (int) (offset - windowStart);
  }

  ByteBuffer window() {
    return window;
  }

  /** CRC32C of {@code length} bytes at {@code offset}, read window by window. */
  int crc(long offset, long length, long limit) throws IOException {
    crc.reset();
    long done = 0;
    while (done < length) {
      int chunk = (int) Math.min(window.capacity(), length - done);
      int at = fill(offset + done, chunk, limit);
      if (at < 0) {
        throw new EOFException("range ends past byte " + limit);
      }
      crc.update(window.duplicate().position(at).limit(at + chunk));
      done += chunk;
    }
    return (int) crc.getValue();
  }

  /** Copies the bytes at {@code offset} into {@code target}, whatever its size. */
  void read(long offset, byte[] target, long limit) throws IOException {
    int done = 0;
    while (done < target.length) {
      int chunk = Math.min(window.capacity(), target.length - done);
      int at = fill(offset + done, chunk, limit);
      if (at < 0) {
        throw new EOFException("range ends past byte " + limit);
      }
      window.get(at, target, done, chunk);
      done += chunk;
    }
  }

  private void load(long offset, long limit) throws IOException {
    windowStart = offset;
    window.clear();
    window.limit((int) Math.min(window.capacity(), limit - offset));
    while (window.hasRemaining()) {
      if (channel.read(window, offset + window.position()) < 0) {
        break;
      }
    }
    window.flip();
  }
}
