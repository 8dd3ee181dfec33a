package io.vertedge.store.state;

import org.mapdb.DataIO;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * MapDB's write-ahead log of the commit under way, in memory ({@link StoreFile}): one array that
 * grows as the commit needs, and that the next commit's log takes over. MapDB's own memory
 * volume ({@code ByteArrayVol}) would be a new 1 MiB array at every commit (MapDB asks for a new
 * log each time, and keeps a log record within 1 MiB, so its slices cannot be smaller): ten a
 * second per node, which a small edge heap felt as twice the young collections. Closing clears
 * the array and hands it back, unless a large batch (a recovery's) grew it past {@link #KEPT_BYTES}.
 */
final class CommitLogVolume extends Volume {

  static final int INITIAL_BYTES = 64 << 10;
  static final int KEPT_BYTES = 4 << 20;

  private final Consumer<byte[]> release;
  private byte[] bytes;

  /** @param reused the array a closed log handed back, or null */
  CommitLogVolume(byte[] reused, Consumer<byte[]> release) {
    this.bytes = reused != null ? reused : new byte[INITIAL_BYTES];
    this.release = release;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      byte[] used = bytes;
      bytes = null;
      if (used.length <= KEPT_BYTES) {
        Arrays.fill(used, (byte) 0);
        release.accept(used);
      }
    }
  }

  @Override
  public void ensureAvailable(long offset) {
    if (offset > bytes.length) {
      if (offset > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("a commit's log in memory holds at most 2 GiB, not " + offset + " bytes");
      }
      bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(offset, 2L * bytes.length)));
    }
  }

  @Override
  public void truncate(long size) {
    // the array is kept for the next commit's log; what lies beyond size is never read
  }

  @Override
  public void putLong(long offset, long value) {
    ensureAvailable(offset + Long.BYTES);
    DataIO.putLong(bytes, (int) offset, value);
  }

  @Override
  public void putInt(long offset, int value) {
    ensureAvailable(offset + Integer.BYTES);
    DataIO.putInt(bytes, (int) offset, value);
  }

  @Override
  public void putByte(long offset, byte value) {
    ensureAvailable(offset + 1);
    bytes[(int) offset] = value;
  }

  @Override
  public void putData(long offset, byte[] src, int srcPos, int srcSize) {
    ensureAvailable(offset + srcSize);
    System.arraycopy(src, srcPos, bytes, (int) offset, srcSize);
  }

  @Override
  public void putData(long offset, ByteBuffer buf) {
    ensureAvailable(offset + buf.remaining());
    buf.get(bytes, (int) offset, buf.remaining());
  }

  @Override
  public long getLong(long offset) {
    return DataIO.getLong(bytes, (int) offset);
  }

  @Override
  public int getInt(long offset) {
    return DataIO.getInt(bytes, (int) offset);
  }

  @Override
  public byte getByte(long offset) {
    return bytes[(int) offset];
  }

  @Override
  public DataInput2 getDataInput(long offset, int size) {
    return new DataInput2.ByteArray(bytes, (int) offset);
  }

  @Override
  public void getData(long offset, byte[] dst, int dstPos, int size) {
    System.arraycopy(bytes, (int) offset, dst, dstPos, size);
  }

  @Override
  public void clear(long startOffset, long endOffset) {
    ensureAvailable(endOffset);
    Arrays.fill(bytes, (int) startOffset, (int) endOffset, (byte) 0);
  }

  @Override
  public void sync() {
    // in memory: nothing to force (StoreFile says why none is needed)
  }

  @Override
  public int sliceSize() {
    return -1;
  }

  @Override
  public boolean isSliced() {
    return false;
  }

  @Override
  public long length() {
    return bytes.length;
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public File getFile() {
    return null;
  }

  @Override
  public boolean getFileLocked() {
    return false;
  }
}
