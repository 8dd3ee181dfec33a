package io.vertedge.runtime;

import io.vertedge.testsupport.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Wire compatibility with another gRPC implementation: a Python mapper on Debian's
 * {@code python3-grpcio} (C core), its stubs generated at test time from our {@code api.proto}
 * with {@code python3-grpc-tools}, registers with a real edge over the Unix socket, is handed
 * its device, reports a twin and a state, and gets INVALID_ARGUMENT for a bad call.
 * scripts/test installs both packages.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DmiPythonMapperTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final String TWINS = "/api/v1/namespaces/default/devices/thermometer-1/twins";

  @TempDir Path dir;
  private HubFixture hub;
  private EdgeRuntime edge;

  @BeforeEach
  void start() {
    hub = new HubFixture(dir);
  }

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.stop().await();
    }
    hub.close();
  }

  @Test
  void aPythonMapperRegistersAndReports() throws Exception {
    assumeTrue(run(List.of(PYTHON.toString(), "-c", "import grpc, grpc_tools"), dir).exit() == 0,
        "python3-grpcio and python3-grpc-tools are not installed (scripts/test installs them)");
    Path stubs = Files.createDirectories(dir.resolve("py"));
    Result generated = run(List.of(PYTHON.toString(), "-m", "grpc_tools.protoc",
        "-I" + Path.of("src/main/proto").toAbsolutePath(), "-I/usr/include",
        "-I/usr/lib/python3/dist-packages/grpc_tools/_proto",
        "--python_out=" + stubs, "--grpc_python_out=" + stubs, "dmi/v1beta1/api.proto"), stubs);
    assertEquals(0, generated.exit(), generated.output());
    Path script = stubs.resolve("python_mapper.py");
    try (InputStream in = getClass().getResourceAsStream("/dmi/python_mapper.py")) {
      Files.copy(in, script);
    }

    CloudApi http = new CloudApi(hub);
    edge = hub.startEdge("edge-1");
    http.createThermometer();
    Poll.until(DeviceApp.WAIT, "the thermometer on the edge", () -> http.edgeGet(edge, TWINS).statusCode() == 200);

    String edgeSocket = URI.create(edge.endpoints().getString("dmi")).getPath();
    Result mapper = run(List.of(PYTHON.toString(), script.toString(), edgeSocket, dir.resolve("py.sock").toString()),
        stubs);
    assertEquals(0, mapper.exit(), mapper.output());
    List<JsonObject> lines = mapper.output().lines().filter(line -> line.startsWith("{")).map(JsonObject::new).toList();
    assertEquals(4, lines.size(), mapper.output());
    assertEquals(new JsonObject().put("call", "MapperRegister").put("devices", new JsonArray().add("default/thermometer-1"))
        .put("models", new JsonArray().add("thermometer-model")).put("protocol", new JsonArray().add("modbus")),
        lines.get(0));
    assertEquals("OK", lines.get(1).getString("code"));
    assertEquals("OK", lines.get(2).getString("code"));
    assertEquals("INVALID_ARGUMENT", lines.get(3).getString("code"));
    assertEquals("deviceName is empty", lines.get(3).getString("details"));

    JsonArray items = new JsonObject(http.edgeGet(edge, TWINS).body()).getJsonArray("items");
    JsonObject temperature = items.stream().map(JsonObject.class::cast)
        .filter(item -> "temperature".equals(item.getString("property"))).findFirst().orElseThrow();
    assertEquals("19.5", temperature.getJsonObject("reported").getString("value"), items.encode());
    assertTrue(Files.exists(Path.of(edgeSocket)));
  }

  private record Result(int exit, String output) { }

  private static Result run(List<String> command, Path workDir) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
