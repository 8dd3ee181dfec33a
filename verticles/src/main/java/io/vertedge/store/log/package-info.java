/**
 * The edge's append-only durable log: every accepted message is appended here and acknowledged
 * to its sender only once forced to disk ({@link io.vertedge.store.log.SegmentLog}).
 *
 * <h2>On disk (format version 1)</h2>
 *
 * A log is a directory of segment files named by the first sequence they hold, zero-padded to
 * 20 digits ({@code 00000000000000000001.log}), plus a {@code log.lock} file. A segment starts
 * with a 20-byte header, then records back to back. All integers are big-endian.
 *
 * <pre>
 * header   0  u32  magic 0x56454C47 ("VELG")
 *          4  u16  format version (1)
 *          6  u16  flags; bit 0 FOLLOWS_GAP: sequences before this segment may be missing
 *                  because a repair moved damaged records aside
 *          8  u64  first sequence (equals the file name)
 *         16  u32  CRC32C of bytes 0..15
 *
 * record   0  u32  CRC32C of every byte of the record after this field
 *          4  u32  bits 0..30 payload length, bit 31 COMMIT: the writer forced the file right
 *                  after this record
 *          8  u64  sequence (1, 2, 3 ... contiguous within a segment and across segments)
 *         16  u64  timestamp, milliseconds since the epoch, taken when the record was appended
 *         24  ...  payload
 * </pre>
 *
 * <p>The COMMIT bit is what tells a torn tail from damage after a power cut: a record written
 * after a COMMIT record proves that the batch before it was forced. So in the last segment,
 * invalid bytes followed only by records of one batch are an interrupted write and are cut at
 * start-up; invalid bytes with a later batch after them are damage, and start-up refuses
 * ({@link io.vertedge.store.log.LogDamagedException}) until {@link io.vertedge.store.log.LogCheck}
 * repairs the log by moving the damaged files aside.
 */
package io.vertedge.store.log;
