package io.vertedge.runtime;

import io.vertedge.config.ConfigException;
import io.vertedge.dmi.v1beta1.DeviceStatus;
import io.vertedge.dmi.v1beta1.MapperRegisterRequest;
import io.vertedge.dmi.v1beta1.MapperRegisterResponse;
import io.vertedge.dmi.v1beta1.ReportDeviceStatusRequest;
import io.vertedge.dmi.v1beta1.Twin;
import io.vertedge.dmi.v1beta1.TwinProperty;
import io.vertedge.testsupport.Poll;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DMI next to the built-in mappers: the optional TCP listener ({@code dmi.tcp}) serves the same
 * DeviceManagerService as the socket, and a mapper registering for a protocol the edge runs
 * itself ({@code mappers.builtIn}) is refused with the way out, so no device is read twice.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DmiTcpAndBuiltInTest {

  private static final String TWINS = "/api/v1/namespaces/default/devices/thermometer-1/twins";

  @TempDir Path dir;
  private HubFixture hub;
  private CloudApi http;
  private EdgeRuntime edge;
  private DmiMapper mapper;

  @BeforeEach
  void start() {
    hub = new HubFixture(dir);
    http = new CloudApi(hub);
  }

  @AfterEach
  void stop() {
    if (mapper != null) {
      mapper.close();
    }
    if (edge != null) {
      edge.stop().await();
    }
    hub.close();
  }

  @Test
  void aMapperRegistersAndReportsOverTcp() {
    edge = hub.startEdge("edge-1", List.of("dmi.tcp=127.0.0.1:0"));
    String tcp = edge.endpoints().getString("dmiTcp");
    assertTrue(tcp != null && tcp.startsWith("127.0.0.1:") && !tcp.endsWith(":0"), "bound address: " + edge.endpoints());
    http.createThermometer();
    Poll.until(DeviceApp.WAIT, "the thermometer on the edge", () -> http.edgeGet(edge, TWINS).statusCode() == 200);

    mapper = new DmiMapper(hub.vertx, "tcp://" + tcp);
    mapper.serve(dir.resolve("mapper.sock"));
    MapperRegisterResponse registered = mapper.register(MapperRegisterRequest.newBuilder().setWithData(true)
        .setMapper(DmiMapper.info("modbus-mapper", "modbus", dir.resolve("mapper.sock").toString())).build()).ok();
    assertEquals("thermometer-1", registered.getDeviceList(0).getName(), registered.toString());

    mapper.reportStatus(ReportDeviceStatusRequest.newBuilder().setDeviceName("thermometer-1").setDeviceNamespace("default")
        .setReportedDevice(DeviceStatus.newBuilder().addTwins(Twin.newBuilder().setPropertyName("temperature")
            .setReported(TwinProperty.newBuilder().setValue("24.5")).setObservedDesired(TwinProperty.newBuilder())))
        .build()).ok();
    Poll.until(DeviceApp.WAIT, "the temperature reported over TCP in the cloud", () -> "24.5".equals(cloudReported()));
  }

  @Test
  void aTcpPortInUseStopsTheStartNamingTheKey() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + taken.getLocalPort();
      Throwable refused = assertThrows(Throwable.class, () -> hub.startEdge("edge-1", List.of("dmi.tcp=" + address)));
      ConfigException config = assertInstanceOf(ConfigException.class,
          refused instanceof CompletionException ? refused.getCause() : refused);
      assertTrue(config.getMessage().startsWith("edge.dmi.tcp: cannot listen on " + address + " ("), config.getMessage());
      assertTrue(config.getMessage().endsWith("); set dmi.tcp"), config.getMessage());
    }
  }

  @Test
  void noTcpListenerUnlessAsked() {
    edge = hub.startEdge("edge-1");
    assertFalse(edge.endpoints().containsKey("dmiTcp"), edge.endpoints().encode());
  }

  @Test
  void aMapperForABuiltInProtocolIsRefusedAndOneForAnotherIsNot() {
    edge = hub.startEdge("edge-1", List.of("mappers.builtIn=virtual,modbus"));
    mapper = new DmiMapper(hub.vertx, edge.endpoints().getString("dmi"));
    DmiMapper.Answer<MapperRegisterResponse> refused = mapper.register(MapperRegisterRequest.newBuilder()
        .setMapper(DmiMapper.info("modbus-mapper", "modbus", "")).build());
    assertEquals(GrpcStatus.FAILED_PRECONDITION, refused.status(), refused.message());
    assertEquals("protocol modbus is run by this edge's built-in mappers (mappers.builtIn: virtual, modbus); to run "
        + "mapper modbus-mapper instead, leave modbus out of mappers.builtIn and restart the edge", refused.message());
    mapper.register(MapperRegisterRequest.newBuilder().setMapper(DmiMapper.info("opcua-mapper", "opcua", "")).build()).ok();
  }

  private String cloudReported() {
    JsonObject twins = http.getJson(TWINS);
    return twins.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(item -> "temperature".equals(item.getString("property")))
        .findFirst().map(item -> item.getJsonObject("reported", new JsonObject()).getString("value"))
        .orElse(null);
  }
}
