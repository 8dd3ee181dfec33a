package io.vertedge.runtime;

import io.vertedge.testing.FreePorts;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadWriteModbusServices;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import io.vertedge.testsupport.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Modbus TCP devices run by the edge itself ({@code mappers.builtIn} lists modbus), against
 * digitalpetri's own Modbus TCP server on a free loopback port: both configData layouts KubeEdge
 * uses are read, values reach the edge's twin and the cloud's DeviceStatus, a desired value is
 * written to a holding register, the device's state follows the server going away and coming
 * back, and a device with an invalid visitor is refused by name while the others go on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModbusEdgeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int UNIT = 1;
  private static final String MODEL_YAML = """
      apiVersion: devices.kubeedge.io/v1beta1
      kind: DeviceModel
      metadata: {name: plc-model, namespace: default}
      spec:
        protocol: modbus
        properties:
          - name: temperature
            type: INT
            accessMode: ReadOnly
            visitors: {protocolName: modbus, configData: {register: InputRegister, offset: 0, limit: 1}}
          - name: setpoint
            type: INT
            accessMode: ReadWrite
            visitors: {protocolName: modbus, configData: {register: HoldingRegister, offset: 1, limit: 1}}
      """;
  private static final String DEVICE_YAML = """
      apiVersion: devices.kubeedge.io/v1beta1
      kind: Device
      metadata: {name: NAME, namespace: default}
      spec:
        deviceModelRef: {name: plc-model}
        nodeName: edge-1
        protocol: {protocolName: modbus, configData: CONFIG}
        properties:
          - {name: temperature, collectCycle: 200, reportCycle: 200, reportToCloud: true}
          - {name: setpoint, collectCycle: 200, reportCycle: 200, reportToCloud: true}
      """;

  @TempDir Path dir;
  private final ProcessImage image = new ProcessImage();
  private int port;
  private ModbusTcpServer server;
  private HubFixture hub;
  private CloudApi cloud;
  private EdgeRuntime edge;

  @BeforeEach
  void start() throws Exception {
    port = FreePorts.tcp();
    server = ModbusTcpServer.create(NettyTcpServerTransport.create(config -> {
      config.bindAddress = "127.0.0.1";
      config.port = port;
    }), new ReadWriteModbusServices() {
      @Override
      protected Optional<ProcessImage> getProcessImage(int unitId) {
        return unitId == UNIT ? Optional.of(image) : Optional.empty();
      }
    });
    registers(215, 20);
    server.start();
    hub = new HubFixture(dir);
    cloud = new CloudApi(hub);
    edge = hub.startEdge("edge-1", List.of("mappers.builtIn=virtual,modbus"));
    CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devicemodels", "application/yaml", MODEL_YAML));
  }

  @AfterEach
  void stop() throws Exception {
    edge.stop().await();
    hub.close();
    server.stop();
  }

  @Test
  void bothConfigDataLayoutsAreReadIntoTheTwinAndTheCloudAndDesiredValuesAreWritten() {
    createDevice("plc-flat", "{ip: 127.0.0.1, port: " + port + ", slaveID: " + UNIT + "}");
    createDevice("plc-tcp", "{tcp: {ip: 127.0.0.1, port: " + port + "}, slaveID: " + UNIT + "}");
    for (String device : List.of("plc-flat", "plc-tcp")) {
      Poll.until(WAIT, device + "'s temperature in the cloud", () -> "215".equals(cloudReported(device, "temperature")));
      Poll.until(WAIT, device + " online in the cloud", () -> "online".equals(cloudState(device)));
    }
    registers(216, 20);
    Poll.until(WAIT, "the new register value in the edge's twin", () -> "216".equals(edgeReported("plc-flat", "temperature")));
    Poll.until(WAIT, "the new register value in the cloud", () -> "216".equals(cloudReported("plc-tcp", "temperature")));

    CloudApi.expect(200, cloud.request("PUT", "/api/v1/namespaces/default/devices/plc-flat/twins/setpoint/desired",
        "application/json", "{\"value\":\"42\"}"));
    Poll.until(WAIT, "the desired setpoint in the server's holding register 1", () -> holding(1) == 42);
    Poll.until(WAIT, "the written setpoint read back into the cloud", () -> "42".equals(cloudReported("plc-flat", "setpoint")));
  }

  @Test
  void theDeviceGoesOfflineWithItsServerAndOnlineWhenItIsBack() throws Exception {
    createDevice("plc-flat", "{ip: 127.0.0.1, port: " + port + ", slaveID: " + UNIT + "}");
    Poll.until(WAIT, "the device online in the cloud", () -> "online".equals(cloudState("plc-flat")));
    server.stop();
    Poll.until(WAIT, "the device offline or unhealthy in the cloud",
        () -> List.of("offline", "unhealthy").contains(cloudState("plc-flat")));
    server.start();
    Poll.until(WAIT, "the device online again in the cloud", () -> "online".equals(cloudState("plc-flat")));
    registers(230, 20);
    Poll.until(WAIT, "values read again", () -> "230".equals(cloudReported("plc-flat", "temperature")));
  }

  @Test
  void aDeviceWithAnUnknownRegisterTypeIsNotRunAndTheOthersGoOn() {
    try (LogCapture logs = new LogCapture()) {
      String bad = DEVICE_YAML.replace("NAME", "plc-bad")
          .replace("CONFIG", "{ip: 127.0.0.1, port: " + port + "}")
          .replace("{name: setpoint,", "{name: setpoint, visitors: {protocolName: modbus, configData: {register: HoldingRegisters}},");
      CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devices", "application/yaml", bad));
      createDevice("plc-flat", "{ip: 127.0.0.1, port: " + port + ", slaveID: " + UNIT + "}");
      Poll.until(WAIT, "the refusal logged with the device and the field", () -> logs.contains("plc-bad",
          "not run by the built-in modbus mapper", "register", "'HoldingRegisters'"));
      Poll.until(WAIT, "plc-flat read", () -> "215".equals(cloudReported("plc-flat", "temperature")));
      registers(217, 20);
      Poll.until(WAIT, "plc-flat still read", () -> "217".equals(cloudReported("plc-flat", "temperature")));
      assertEquals(null, cloudReported("plc-bad", "temperature"), "plc-bad is not read at all");
    }
  }

  private void createDevice(String name, String configData) {
    CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devices", "application/yaml",
        DEVICE_YAML.replace("NAME", name).replace("CONFIG", configData)));
  }

  private void registers(int temperature, int setpoint) {
    image.with(tx -> {
      tx.writeInputRegisters(map -> map.put(0, new byte[] {(byte) (temperature >> 8), (byte) temperature}));
      tx.writeHoldingRegisters(map -> map.put(1, new byte[] {(byte) (setpoint >> 8), (byte) setpoint}));
    });
  }

  private int holding(int address) {
    return image.get(tx -> tx.readHoldingRegisters(map -> {
      byte[] bytes = map.getOrDefault(address, new byte[2]);
      return ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
    }));
  }

  private String cloudReported(String device, String property) {
    HttpResponse<String> twins = cloud.request("GET", "/api/v1/namespaces/default/devices/" + device + "/twins", null, null);
    return twins.statusCode() != 200 ? null : reported(new JsonObject(twins.body()), property);
  }

  private String edgeReported(String device, String property) {
    HttpResponse<String> twins = cloud.edgeGet(edge, "/api/v1/namespaces/default/devices/" + device + "/twins");
    return twins.statusCode() != 200 ? null : reported(new JsonObject(twins.body()), property);
  }

  private static String reported(JsonObject twins, String property) {
    // the cloud lists a device's twins once its status exists
    return twins.getJsonArray("items", new io.vertx.core.json.JsonArray()).stream().map(JsonObject.class::cast)
        .filter(item -> property.equals(item.getString("property")))
        .findFirst().map(item -> item.getJsonObject("reported", new JsonObject()).getString("value"))
        .orElse(null);
  }

  private String cloudState(String device) {
    HttpResponse<String> status = cloud.request("GET", CloudApi.DEVICES + "/devicestatuses/" + device, null, null);
    return status.statusCode() != 200 ? null
        : new JsonObject(status.body()).getJsonObject("status", new JsonObject()).getString("state");
  }
}
