package io.vertedge.store.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An append-only durable log of byte records in segment files (format: package documentation).
 * {@link #append} hands out sequences 1, 2, 3 ... that continue across restarts, and completes
 * once the record is forced to disk — "durable" means forced. Thread-safe.
 *
 * <p>Futures complete on the log's writer thread, which forces the next batch only after
 * completing them: do little there. Vert.x callers hop back onto their context with
 * {@code Future.fromCompletionStage(log.append(bytes), context)}.
 *
 * <p>{@link #open}, {@link #read}, {@link #trimBefore} and {@link #close} do blocking file IO:
 * call them from a worker, never from an event loop. {@link #append} never blocks.
 */
public final class SegmentLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);

  private final Path dir;
  private final DirectoryLock lock;
  private final Segments segments;
  private final LogWriter writer;
  private final AutoCloseable gauges;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SegmentLog(Path dir, DirectoryLock lock, Segments segments, LogWriter writer, AutoCloseable gauges) {
    this.dir = dir;
    this.lock = lock;
    this.segments = segments;
    this.writer = writer;
    this.gauges = gauges;
  }

  public static SegmentLog open(Path dir, LogOptions options) throws IOException {
    return open(dir, options, LogMetrics.noop());
  }

  /**
   * Opens the log in {@code dir}, creating the directory if needed. Cuts a torn tail (logged
   * at WARN with the bytes cut); any other damage fails with {@link LogDamagedException}.
   */
  public static SegmentLog open(Path dir, LogOptions options, LogMetrics metrics) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      // the log's durability starts with its directory's entry
      SegmentFiles.forceDirectory(dir.toAbsolutePath().getParent());
    }
    DirectoryLock lock = DirectoryLock.acquire(dir);
    try {
      LogRecovery.Recovered recovered = LogRecovery.recover(dir);
      Segments segments = new Segments(dir, recovered.segments());
      LogWriter writer = new LogWriter(dir, options, metrics, segments, recovered.activeChannel());
      AutoCloseable gauges = metrics.watch(segments::sizeBytes, segments::count);
      return new SegmentLog(dir, lock, segments, writer, gauges);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Appends {@code payload} as the next record; the future completes with its sequence once it
   * is forced to disk, and fails if the log is closed or the write fails. The log keeps the
   * array until then: do not change it.
   */
  public CompletableFuture<Long> append(byte[] payload) {
    return writer.append(payload, false);
  }

  /**
   * Appends {@code payload} as the next record without asking for a force of its own: it is
   * forced with the next record appended by {@link #append}, or after {@link LogOptions#maxDeferral()}.
   * For writes that a crash may lose because they can be made again, where a force each would
   * cost more than the write (a force is a journal commit and a disk flush).
   */
  public CompletableFuture<Long> appendDeferred(byte[] payload) {
    return writer.append(payload, true);
  }

  /**
   * Forces the deferred records appended so far now, for a reader that must see them durable
   * (they go with the writer's next batch; this does not wait for it).
   */
  public void forceDeferred() {
    writer.forceDeferred();
  }

  /** Whether a write failed: the log takes nothing more until it is reopened. */
  public boolean failed() {
    return writer.failed();
  }

  /** The last sequence handed out, durable or not. */
  public long lastSequence() {
    return writer.lastSequence();
  }

  /** The last sequence forced to disk: every record up to it survives a crash. */
  public long durableSequence() {
    return writer.durableSequence();
  }

  /** The first sequence the log still holds; {@code lastSequence() + 1} while it holds none. */
  public long firstSequence() {
    return segments.first().firstSequence();
  }

  /** A cursor over the durable records from {@code fromSequence} on (blocking IO: a worker's job). */
  public LogCursor read(long fromSequence) throws IOException {
    if (fromSequence < firstSequence()) {
      throw new IllegalArgumentException("[store: " + dir + "] log: sequence " + fromSequence
          + " was trimmed; the log starts at " + firstSequence());
    }
    return new LogCursor(dir, segments, fromSequence);
  }

  /**
   * Deletes every segment whose records all lie below {@code sequence} (acked upstream, or
   * applied to the state), except the active one. Blocking IO.
   */
  public void trimBefore(long sequence) throws IOException {
    int deleted = segments.trimBefore(sequence);
    if (deleted > 0) {
      LOG.debug("[store: {}] log: deleted {} segments below sequence {}", dir, deleted, sequence);
    }
  }

  /**
   * Deletes the oldest segment whatever its records, unless it is the active one: for a log
   * that lets its oldest records go when it is full. Returns the last sequence the segment
   * held, or 0 when nothing could go. Blocking IO.
   */
  public long dropOldestSegment() throws IOException {
    long last = segments.dropFirst();
    if (last > 0) {
      LOG.debug("[store: {}] log: dropped the oldest segment, up to sequence {}", dir, last);
    }
    return last;
  }

  /** Where the log lives, for messages. */
  public Path directory() {
    return dir;
  }

  /** Bytes in the segment files, up to what is durable. */
  public long sizeBytes() {
    return segments.sizeBytes();
  }

  public int segmentCount() {
    return segments.count();
  }

  /** When the oldest record still held was appended, for an age bound; empty while none is held. */
  public OptionalLong oldestTimestampMillis() {
    Segment first = segments.first();
    return first.holdsRecords() ? OptionalLong.of(first.firstTimestampMillis()) : OptionalLong.empty();
  }

  /** Writes and forces what is queued, then closes; appends from now on fail. Idempotent; blocking. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    segments.close();
    writer.close();
    try {
      gauges.close();
      lock.close();
    } catch (Exception e) {
      LOG.warn("[store: {}] log: releasing the directory failed: {}", dir, e.toString());
    }
    LOG.info("[store: {}] log closed at sequence {}", dir, writer.durableSequence());
  }
}
