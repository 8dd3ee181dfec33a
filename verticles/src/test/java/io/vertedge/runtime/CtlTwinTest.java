package io.vertedge.runtime;

import io.vertedge.runtime.CtlRunner.Result;
import io.vertedge.testsupport.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.vertedge.runtime.CtlRunner.at;
import static io.vertedge.runtime.CtlRunner.sample;
import static io.vertedge.runtime.CtlRunner.withStdin;
import static io.vertedge.runtime.CtlRunner.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vertedge ctl twin get|set} against the twin routes of API.md §5
 * ({@code GET .../devices/{name}/twins}, {@code PUT .../twins/{property}/desired}) on a real
 * cloud, and {@code twin get --edge} on a real edge while the cloud is stopped.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CtlTwinTest {

  @TempDir Path dir;
  private HubFixture hub;

  @BeforeEach
  void startCloud() {
    hub = new HubFixture(dir);
    Result applied = withStdin(sample("thermometer-model.yaml") + "---\n" + sample("thermometer-device.yaml"),
        hub.cloud.apiUrl(), "apply", "-f", "-");
    assertEquals(0, applied.code(), applied.err());
  }

  @AfterEach
  void stopCloud() {
    hub.close();
  }

  @Test
  void twinGetShowsDesiredValuesAndTwinSetChangesThem() {
    Result table = ctl("twin", "get", "thermometer-1");
    assertEquals(0, table.code(), table.err());
    assertEquals(List.of("PROPERTY", "DESIRED", "REPORTED", "AGE"), words(table.outLines().get(0)));
    assertTrue(table.outLines().stream().anyMatch(line -> words(line).subList(0, 2).equals(List.of("setpoint", "21"))),
        table.out());

    Result set = ctl("twin", "set", "thermometer-1", "setpoint=25", "power=false");
    assertEquals(0, set.code(), set.err());
    assertEquals(2, set.outLines().size(), set.out());
    assertTrue(set.outLines().get(0).startsWith("twin thermometer-1/setpoint desired=25"), set.out());
    assertTrue(set.outLines().get(1).startsWith("twin thermometer-1/power desired=false"), set.out());

    assertEquals("25", desired(ctl("twin", "get", "thermometer-1", "-o", "json").out(), "setpoint"));
    assertEquals("false", desired(ctl("twin", "get", "thermometer-1", "-o", "json").out(), "power"));
  }

  @Test
  void refusedValuesPrintTheServersMessageAndChangeNothing() {
    Result tooHigh = ctl("twin", "set", "thermometer-1", "setpoint=31");
    assertEquals(1, tooHigh.code());
    assertEquals(1, tooHigh.errLines().size(), tooHigh.err());
    assertTrue(tooHigh.err().startsWith("vertedge: ") && tooHigh.err().contains("31"), tooHigh.err());

    Result readOnly = ctl("twin", "set", "thermometer-1", "temperature=20");
    assertEquals(1, readOnly.code());
    assertTrue(readOnly.err().contains("ReadOnly"), readOnly.err());
    assertEquals("21", desired(ctl("twin", "get", "thermometer-1", "-o", "json").out(), "setpoint"), "unchanged");

    Result noValue = ctl("twin", "set", "thermometer-1", "setpoint");
    assertEquals(2, noValue.code());
    assertEquals("vertedge: twin set: \"setpoint\" is not PROP=VALUE (e.g. setpoint=21)", noValue.err().strip());

    Result unknown = ctl("twin", "get", "nosuch");
    assertEquals(1, unknown.code());
    assertTrue(unknown.err().startsWith("vertedge: ") && unknown.err().contains("nosuch"), unknown.err());

    Result onEdge = at(null, "twin", "set", "thermometer-1", "setpoint=22", "--edge");
    assertEquals(2, onEdge.code());
    assertTrue(onEdge.err().startsWith("vertedge: ctl twin set: --edge serves reads only"), onEdge.err());
  }

  @Test
  void twinGetOnTheEdgeWhileTheCloudIsStopped() {
    EdgeRuntime edge = hub.startEdge("edge-1");
    assertEquals(0, ctl("twin", "set", "thermometer-1", "setpoint=24").code());
    Poll.until(Duration.ofSeconds(30), "edge-1 knows the new desired value", () -> {
      Result onEdge = at(null, "twin", "get", "thermometer-1", "-o", "json", "--edge", edge.apiUrl());
      return onEdge.code() == 0 && "24".equals(desired(onEdge.out(), "setpoint"));
    });

    hub.cloud.stop().await();

    Result offline = at(null, "twin", "get", "thermometer-1", "--edge", edge.apiUrl());
    assertEquals(0, offline.code(), offline.err());
    assertTrue(offline.outLines().stream().anyMatch(line -> words(line).subList(0, 2).equals(List.of("setpoint", "24"))),
        offline.out());
    edge.stop().await();
  }

  private Result ctl(String... args) {
    return at(hub.cloud.apiUrl(), args);
  }

  /** The desired value of a property in the answer of {@code GET .../twins} (API.md §5). */
  private static String desired(String twinsJson, String property) {
    JsonArray items = new JsonObject(twinsJson).getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      JsonObject twin = items.getJsonObject(i);
      if (property.equals(twin.getString("property"))) {
        JsonObject desired = twin.getJsonObject("desired");
        return desired == null ? null : desired.getString("value");
      }
    }
    return null;
  }
}
