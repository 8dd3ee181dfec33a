package io.vertedge.store.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * Group commit: appenders queue records under a short lock that also hands out the sequence,
 * so file order is sequence order; one thread takes what is queued, writes it with one write
 * call per segment, forces once and completes the futures. While it forces, the next batch
 * queues up, so the batch grows with the load and the force rate stays near what the disk does.
 * A deferred record does not start a batch: it waits for the next record that does, or for
 * {@link LogOptions#maxDeferral()}, so that writes nobody waits for cost no force of their own.
 */
final class LogWriter {

  private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);
  // only combines writes (when a batch does not fit, what is in it is written and the batch goes on);
  // a direct buffer is zeroed when allocated, so all of it is resident for the log's life: an edge has three
  // logs, and one it never writes (no dropOldest topics, say) does not allocate it
  private static final int BUFFER_BYTES = 256 << 10;

  private final Path dir;
  private final LogOptions options;
  private final LogMetrics metrics;
  private final Segments segments;
  private final Thread thread;

  private final Object lock = new Object();
  private ArrayList<Pending> queue = new ArrayList<>();
  // whether the queue holds a record that is not deferred; else when its oldest deferred one is due
  private boolean urgentQueued;
  private long deferredDue;
  private long lastAssigned;
  private boolean closing;
  private Throwable failure;
  private volatile long durableSequence;

  // writer thread only
  private ArrayList<Pending> spare = new ArrayList<>();
  private FileChannel channel;
  private Segment active;
  private long activeBytes;
  private ByteBuffer buffer;
  private final byte[] header = new byte[RecordFormat.OVERHEAD];
  private final CRC32C crc = new CRC32C();

  private record Pending(long sequence, long timestampMillis, byte[] payload, CompletableFuture<Long> done) {
  }

  /** Starts writing at the end of {@code channel}, the file of the last segment in {@code segments}. */
  LogWriter(Path dir, LogOptions options, LogMetrics metrics, Segments segments, FileChannel channel) {
    this.dir = dir;
    this.options = options;
    this.metrics = metrics;
    this.segments = segments;
    this.channel = channel;
    this.active = segments.active();
    this.activeBytes = active.durableBytes();
    this.lastAssigned = active.lastSequence();
    this.durableSequence = lastAssigned;
    this.thread = new Thread(this::run, "vertedge-log-writer");
    thread.setDaemon(true);
    thread.start();
  }

  CompletableFuture<Long> append(byte[] payload, boolean deferred) {
    if (payload.length > RecordFormat.MAX_PAYLOAD) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "a record holds at most " + RecordFormat.MAX_PAYLOAD + " bytes, not " + payload.length));
    }
    CompletableFuture<Long> done = new CompletableFuture<>();
    synchronized (lock) {
      if (failure != null || closing) {
        return CompletableFuture.failedFuture(refusal());
      }
      queue.add(new Pending(++lastAssigned, System.currentTimeMillis(), payload, done));
      boolean wakes = !deferred && !urgentQueued;
      if (deferred && queue.size() == 1) {
        deferredDue = System.nanoTime() + options.maxDeferral().toNanos();
        wakes = true;
      }
      urgentQueued |= !deferred;
      if (wakes || queue.size() == options.maxBatchRecords()) {
        lock.notifyAll();
      }
    }
    return done;
  }

  /** Deferred records queued now are written and forced without waiting out their deferral. */
  void forceDeferred() {
    synchronized (lock) {
      if (!queue.isEmpty() && !urgentQueued) {
        urgentQueued = true;
        lock.notifyAll();
      }
    }
  }

  boolean failed() {
    synchronized (lock) {
      return failure != null;
    }
  }

  long lastSequence() {
    synchronized (lock) {
      return lastAssigned;
    }
  }

  long durableSequence() {
    return durableSequence;
  }

  /** Writes what is queued, then stops the thread; appends from now on fail. */
  void close() {
    synchronized (lock) {
      closing = true;
      lock.notifyAll();
    }
    // a future's callback runs on this thread and may close the log: the loop ends by itself
    if (Thread.currentThread() != thread) {
      boolean interrupted = false;
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Exception refusal() {
    return failure != null
        ? new IOException("[store: " + dir + "] log: a write failed earlier; reopen the log", failure)
        : new IllegalStateException("[store: " + dir + "] log is closed");
  }

  private void run() {
    try {
      ArrayList<Pending> batch;
      while ((batch = nextBatch()) != null) {
        write(batch);
        batch.clear();
        spare = batch;
      }
    } catch (InterruptedException e) {
      fail(List.of(), e);
    } finally {
      closeChannel();
    }
  }

  private ArrayList<Pending> nextBatch() throws InterruptedException {
    synchronized (lock) {
      while (!closing && failure == null && !due()) {
        if (queue.isEmpty()) {
          lock.wait();
        } else {
          TimeUnit.NANOSECONDS.timedWait(lock, deferredDue - System.nanoTime());
        }
      }
      if (queue.isEmpty() || failure != null) {
        return null;
      }
      linger();
      urgentQueued = false;
      if (queue.size() <= options.maxBatchRecords()) {
        ArrayList<Pending> batch = queue;
        queue = spare;
        return batch;
      }
      List<Pending> head = queue.subList(0, options.maxBatchRecords());
      ArrayList<Pending> batch = new ArrayList<>(head);
      head.clear();
      // what is left is due now: it waited for this batch
      urgentQueued = true;
      return batch;
    }
  }

  /** Whether the queue is to be written now; called holding the lock. */
  private boolean due() {
    return urgentQueued || !queue.isEmpty() && deferredDue - System.nanoTime() <= 0;
  }

  private void closeChannel() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("[store: {}] log: closing {} failed: {}", dir, active.file().getFileName(), e.toString());
    }
  }

  /** Waits up to maxBatchDelay for a full batch; called holding the lock. */
  private void linger() throws InterruptedException {
    long deadline = System.nanoTime() + options.maxBatchDelay().toNanos();
    while (!closing && queue.size() < options.maxBatchRecords()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.timedWait(lock, left);
    }
  }

  private void write(List<Pending> batch) {
    int unforced = 0;
    try {
      for (int i = 0; i < batch.size(); i++) {
        Pending record = batch.get(i);
        if (mustRoll(activeBytes, record)) {
          roll(record.sequence());
        }
        long bytesAfter = activeBytes + RecordFormat.size(record.payload().length);
        // the last record before a force carries COMMIT: recovery uses it to tell damage from a torn write
        boolean forceAfter = i == batch.size() - 1 || mustRoll(bytesAfter, batch.get(i + 1));
        encode(record, forceAfter);
        if (forceAfter) {
          force(batch, unforced, i);
          unforced = i + 1;
        }
      }
    } catch (IOException | RuntimeException e) {
      fail(batch.subList(unforced, batch.size()), e);
    }
  }

  private boolean mustRoll(long bytes, Pending next) {
    return bytes > SegmentHeader.SIZE && bytes + RecordFormat.size(next.payload().length) > options.segmentBytes();
  }

  private void encode(Pending record, boolean commit) throws IOException {
    byte[] payload = record.payload();
    RecordFormat.header(header, crc, record.sequence(), record.timestampMillis(), payload, commit);
    if (buffer == null) {
      buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    }
    if (RecordFormat.size(payload.length) > buffer.remaining()) {
      flush();
    }
    if (RecordFormat.size(payload.length) > buffer.capacity()) {
      writeFully(ByteBuffer.wrap(header), ByteBuffer.wrap(payload));
    } else {
      buffer.put(header).put(payload);
    }
    activeBytes += RecordFormat.size(payload.length);
  }

  private void force(List<Pending> batch, int from, int to) throws IOException {
    flush();
    long started = System.nanoTime();
    channel.force(false);
    long forceNanos = System.nanoTime() - started;
    long sequence = batch.get(to).sequence();
    long bytesBefore = active.durableBytes();
    active.forced(activeBytes, sequence, batch.get(from).timestampMillis());
    durableSequence = sequence;
    metrics.forced(to - from + 1, activeBytes - bytesBefore, forceNanos);
    for (int i = from; i <= to; i++) {
      batch.get(i).done().complete(batch.get(i).sequence());
    }
  }

  private void flush() throws IOException {
    if (buffer == null) {
      return;
    }
    buffer.flip();
    writeFully(buffer);
    buffer.clear();
  }

  private void writeFully(ByteBuffer... buffers) throws IOException {
    long left = 0;
    for (ByteBuffer b : buffers) {
      left += b.remaining();
    }
    while (left > 0) {
      left -= channel.write(buffers);
    }
  }

  private void roll(long firstSequence) throws IOException {
    FileChannel next = SegmentFiles.create(dir, firstSequence, false);
    channel.close();
    channel = next;
    active = Segment.empty(firstSequence, dir.resolve(SegmentFiles.name(firstSequence)));
    activeBytes = SegmentHeader.SIZE;
    segments.add(active);
    LOG.debug("[store: {}] log: rolled to {}", dir, active.file().getFileName());
  }

  /**
   * After a failed write or force the file's state is unknown (and a failed fsync cannot be
   * retried safely), so the log stops taking appends; reopening recovers it.
   */
  private void fail(List<Pending> unforced, Exception cause) {
    LOG.error("[store: {}] log: write failed, appends fail until the log is reopened: {}", dir, cause.toString());
    List<Pending> queued;
    synchronized (lock) {
      failure = cause;
      queued = new ArrayList<>(queue);
      queue.clear();
    }
    Exception refusal = new IOException("[store: " + dir + "] log: write failed", cause);
    unforced.forEach(pending -> pending.done().completeExceptionally(refusal));
    queued.forEach(pending -> pending.done().completeExceptionally(refusal));
  }
}
