package io.vertedge.store.state;

import org.mapdb.DataInput2;
import org.mapdb.volume.ByteArrayVol;
import org.mapdb.volume.Volume;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * MapDB's write-ahead log of the commit under way, in memory ({@link StoreFile}), on pages the
 * next commit's log takes over: MapDB asks for a new log at every commit, and a fresh
 * {@link ByteArrayVol} is a new 1 MiB array each time (ten a second per node), which a small
 * edge heap felt as twice the young collections. Closing hands the first page back, cleared.
 * {@code ByteArrayVol} is final, so this delegates to one.
 */
final class CommitLogVolume extends Volume {

  private final ByteArrayVol pages;
  private final Consumer<ByteArrayVol> release;

  CommitLogVolume(ByteArrayVol pages, Consumer<ByteArrayVol> release) {
    this.pages = pages;
    this.release = release;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      pages.truncate(0); // keeps the first page
      pages.ensureAvailable(1);
      pages.clear(0, pages.sliceSize());
      release.accept(pages);
    }
  }

  @Override
  public void ensureAvailable(long offset) {
    pages.ensureAvailable(offset);
  }

  @Override
  public void truncate(long size) {
    pages.truncate(size);
  }

  @Override
  public void putLong(long offset, long value) {
    pages.putLong(offset, value);
  }

  @Override
  public void putInt(long offset, int value) {
    pages.putInt(offset, value);
  }

  @Override
  public void putByte(long offset, byte value) {
    pages.putByte(offset, value);
  }

  @Override
  public void putData(long offset, byte[] src, int srcPos, int srcSize) {
    pages.putData(offset, src, srcPos, srcSize);
  }

  @Override
  public void putData(long offset, ByteBuffer buf) {
    pages.putData(offset, buf);
  }

  @Override
  public void putDataOverlap(long offset, byte[] src, int srcPos, int srcSize) {
    pages.putDataOverlap(offset, src, srcPos, srcSize);
  }

  @Override
  public void copyTo(long inputOffset, Volume target, long targetOffset, long size) {
    pages.copyTo(inputOffset, target, targetOffset, size);
  }

  @Override
  public long getLong(long offset) {
    return pages.getLong(offset);
  }

  @Override
  public int getInt(long offset) {
    return pages.getInt(offset);
  }

  @Override
  public byte getByte(long offset) {
    return pages.getByte(offset);
  }

  @Override
  public DataInput2 getDataInput(long offset, int size) {
    return pages.getDataInput(offset, size);
  }

  @Override
  public DataInput2 getDataInputOverlap(long offset, int size) {
    return pages.getDataInputOverlap(offset, size);
  }

  @Override
  public void getData(long offset, byte[] bytes, int bytesPos, int size) {
    pages.getData(offset, bytes, bytesPos, size);
  }

  @Override
  public void clear(long startOffset, long endOffset) {
    pages.clear(startOffset, endOffset);
  }

  @Override
  public void sync() {
    // in memory: nothing to force
  }

  @Override
  public int sliceSize() {
    return pages.sliceSize();
  }

  @Override
  public boolean isSliced() {
    return pages.isSliced();
  }

  @Override
  public long length() {
    return pages.length();
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
