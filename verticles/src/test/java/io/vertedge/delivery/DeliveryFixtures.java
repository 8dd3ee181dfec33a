package io.vertedge.delivery;

import com.google.protobuf.ByteString;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertedge.store.log.LogOptions;
import io.vertedge.store.log.SegmentLog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the fixture of the current log formats: an edge's {@code outbox} (three events) and
 * {@code state-log} (two puts and a delete, never applied — as after a crash), exactly as the
 * delivery classes write them. Run it once when a format is first released and commit the
 * result; never regenerate an old one. From the repository root:
 *
 * <pre>
 * ./mvnw -q -o -pl verticles test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.vertedge.delivery.DeliveryFixtures \
 *     -Dexec.args=$PWD/verticles/src/test/resources/store-fixtures/logs-v$FORMAT
 * </pre>
 */
public final class DeliveryFixtures {

  static final List<String> LOGS = List.of("outbox", "state-log");

  private DeliveryFixtures() {
  }

  public static void main(String[] args) throws Exception {
    Path target = Files.createDirectories(Path.of(args[0]));
    try (SegmentLog outbox = SegmentLog.open(target.resolve("outbox"), LogOptions.defaults())) {
      for (int i = 1; i <= 3; i++) {
        outbox.append(event(i).toByteArray()).get();
      }
    }
    try (SegmentLog stateLog = SegmentLog.open(target.resolve("state-log"), LogOptions.defaults())) {
      stateLog.append(StateWrite.put("reported", "device/default/thermo-1", "21.5".getBytes()).encode()).get();
      stateLog.append(StateWrite.put("reported", "device/default/pump-1", "on".getBytes()).encode()).get();
      stateLog.append(StateWrite.delete("reported", "device/default/pump-1").encode()).get();
    }
    for (String log : LOGS) {
      Path dir = target.resolve(log);
      try (var files = Files.list(dir)) {
        List<String> segments = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".log"))
            .sorted().toList();
        Files.writeString(dir.resolve("FILES"), String.join("\n", segments) + "\n");
      }
    }
    System.out.println("log fixtures written to " + target);
  }

  static Envelope event(int i) {
    return Envelope.newBuilder().setId("event-" + i).setChannel(Channel.DATA)
        .setRoute(Route.newBuilder().setGroup("event").setOperation("publish").setResource("sensors/hall"))
        .setContent(ByteString.copyFromUtf8("reading " + i)).build();
  }

  /** Copies the fixture of {@code format} into {@code store} (a data directory's {@code store/}). */
  static void unpack(int format, Path store) throws IOException {
    for (String log : LOGS) {
      String dir = "/store-fixtures/logs-v" + format + "/" + log + "/";
      try (InputStream listing = DeliveryFixtures.class.getResourceAsStream(dir + "FILES")) {
        if (listing == null) {
          throw new IOException("no fixture " + dir);
        }
        for (String file : new String(listing.readAllBytes()).strip().split("\n")) {
          try (InputStream in = DeliveryFixtures.class.getResourceAsStream(dir + file)) {
            Files.copy(in, Files.createDirectories(store.resolve(log)).resolve(file));
          }
        }
      }
    }
  }
}
