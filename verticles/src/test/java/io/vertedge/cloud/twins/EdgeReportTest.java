package io.vertedge.cloud.twins;

import com.google.protobuf.ByteString;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the reports edges send (KUBEEDGE-COMPAT 5.3) and merging them into a status. */
class EdgeReportTest {

  private static final String TWINS = "device/default/thermo/twin/edge_updated";
  private static final String STATE = "device/default/thermo/state/update";

  @Test
  void aTwinReportMergesIntoTheTwinsAndKeepsTheRest() {
    EdgeReport report = EdgeReport.of(envelope("twin", TWINS, """
        {"event_id":"e","timestamp":1,"twin":{
          "temperature":{"actual":{"value":"24.8","metadata":{"timestamp":1764068400000}},"metadata":{"type":"float"}},
          "setpoint":{"actual":{"value":"22"},"expected":{"value":"22","metadata":{"timestamp":5}}},
          "unset":{"metadata":{"type":"int"}}}}""")).orElseThrow();
    Map<String, Object> status = Map.of("reportCycle", 1000L, "twins", List.of(
        Map.of("propertyName", "setpoint", "reported", Map.of("value", "21"), "extra", "kept"),
        Map.of("propertyName", "other", "reported", Map.of("value", "x"))));

    assertEquals(new JsonObject("""
        {"reportCycle":1000,"twins":[
          {"propertyName":"setpoint","reported":{"value":"22"},"extra":"kept",
           "observedDesired":{"value":"22","metadata":{"timestamp":"5"}}},
          {"propertyName":"other","reported":{"value":"x"}},
          {"propertyName":"temperature","reported":{"value":"24.8","metadata":{"timestamp":"1764068400000","type":"float"}}}]}"""),
        new JsonObject(report.appliedTo(status)));
  }

  @Test
  void aStateReportSetsStateAndLastOnlineTime() {
    EdgeReport report = EdgeReport.of(envelope("twin", STATE,
        "{\"device\":{\"name\":\"thermo\",\"state\":\"online\",\"lastOnlineTime\":\"2026-11-25T20:00:00Z\"}}"))
        .orElseThrow();
    assertEquals(Map.of("state", "online", "lastOnlineTime", "2026-11-25T20:00:00Z", "twins", List.of()),
        report.appliedTo(Map.of("state", "offline", "twins", List.of())));
  }

  @Test
  void otherKeysAndWithdrawalsAreNotReports() {
    assertTrue(EdgeReport.of(envelope("twin", "device/default/thermo", "{}")).isEmpty());
    assertTrue(EdgeReport.of(envelope("bus", "$hw/events/upload/x", "{}")).isEmpty());
    Envelope withdrawn = envelope("twin", TWINS, "").toBuilder()
        .setRoute(Route.newBuilder().setOperation("delete").setResource(TWINS)).build();
    assertTrue(EdgeReport.of(withdrawn).isEmpty());
  }

  @Test
  void unreadableReportsSayWhatIsWrong() {
    assertMalformed(envelope("edged", TWINS, "{\"twin\":{}}"), "route source \"edged\"");
    assertMalformed(envelope("twin", TWINS, "not json"), "the content is not a JSON object");
    assertMalformed(envelope("twin", TWINS, "[1]"), "the content is not a JSON object");
    assertMalformed(envelope("twin", TWINS, "{\"event_id\":\"e\"}"), "the content has no twin object");
    assertMalformed(envelope("twin", TWINS, "{\"twin\":{\"t\":\"24.8\"}}"), "twin.t is not an object");
    assertMalformed(envelope("twin", TWINS, "{\"twin\":{\"t\":{\"actual\":{\"value\":24.8}}}}"),
        "t.actual.value is not a string");
    assertMalformed(envelope("twin", TWINS, "{\"twin\":{\"t\":{\"actual\":{\"value\":\"" + "x".repeat(513) + "\"}}}}"),
        "t.actual.value is longer than 512 bytes");
    assertMalformed(envelope("twin", TWINS,
        "{\"twin\":{\"t\":{\"actual\":{\"value\":\"1\",\"metadata\":{\"timestamp\":\"now\"}}}}}"),
        "t.actual.metadata.timestamp is not a number of milliseconds");
    assertMalformed(envelope("twin", TWINS, "{\"twin\":{\"t\":{\"metadata\":{\"type\":1}}}}"),
        "t.metadata.type is not a string");
    assertMalformed(envelope("twin", STATE, "{\"device\":{\"name\":\"thermo\"}}"), "no device.state");
    assertMalformed(envelope("twin", STATE, "{\"device\":{\"state\":\"online\",\"lastOnlineTime\":\"yesterday\"}}"),
        "device.lastOnlineTime \"yesterday\" is not an RFC 3339 time");
    assertMalformed(envelope("twin", "device//thermo/state/update", "{}"), "no namespace or name");
  }

  private static void assertMalformed(Envelope envelope, String message) {
    EdgeReport.Malformed malformed = assertThrows(EdgeReport.Malformed.class, () -> EdgeReport.of(envelope));
    assertTrue(malformed.getMessage().contains(message), malformed.getMessage());
  }

  private static Envelope envelope(String source, String resource, String content) {
    return Envelope.newBuilder()
        .setRoute(Route.newBuilder().setSource(source).setGroup("resource").setOperation("update").setResource(resource))
        .setContent(ByteString.copyFromUtf8(content)).build();
  }
}
