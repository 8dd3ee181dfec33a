package io.vertedge.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code vertedge demo} from the fat jar, every port 0: it applies conf/samples from the jar, says
 * so, and the sample device's values, read by the demo edge's built-in virtual mapper, reach the
 * cloud's twins.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoSamplesIT extends LauncherTestBase {

  private static final Pattern CLOUD_API = Pattern.compile(" {2}cloud API {3}(http://\\S+) .*");
  private static final Pattern SAMPLES = Pattern.compile(" {2}samples {5}(\\S+), from conf/samples, pushing to MQTT (tcp://\\S+) .*");

  @Test
  void theDemoAppliesTheSamplesAndTheirValuesReachTheCloud() {
    VertedgeProcess demo = launcher.start("demo", List.of("demo", "--data-dir", tmp.resolve("demo").toString(),
        "--set", "api.port=0", "--set", "mqtt.port=0", "--set", "join.port=0", "--set", "link.websocketPort=0",
        "--set", "link.quicPort=0", "--set", "serviceBus.port=0"));
    String cloud = demo.awaitStdoutLine(CLOUD_API, Duration.ofSeconds(60)).group(1);
    var samples = demo.awaitStdoutLine(SAMPLES, Duration.ofSeconds(60));
    assertEquals("sample-thermometer", samples.group(1), demo.stdout());

    Http http = new Http();
    String twins = cloud + "/api/v1/namespaces/default/devices/sample-thermometer/twins";
    Poll.until(Duration.ofSeconds(30), () -> "the sample's setpoint and temperature in the cloud: " + http.get(twins).body(), () -> {
      Http.Reply reply = http.get(twins);
      return reply.status() == 200 && "21".equals(reported(reply.json(), "setpoint"))
          && reported(reply.json(), "temperature") != null;
    });
    demo.sigterm();
    assertEquals(0, demo.waitForExit(Duration.ofSeconds(30)), demo::stderr);
  }

  private static String reported(JsonObject twins, String property) {
    return twins.getJsonArray("items", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(item -> property.equals(item.getString("property"))).findFirst()
        .map(item -> item.getJsonObject("reported", new JsonObject()).getString("value")).orElse(null);
  }
}
