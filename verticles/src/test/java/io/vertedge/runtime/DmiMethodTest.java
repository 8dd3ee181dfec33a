package io.vertedge.runtime;

import io.vertedge.dmi.v1beta1.DeviceStatus;
import io.vertedge.dmi.v1beta1.MapperRegisterRequest;
import io.vertedge.dmi.v1beta1.ReportDeviceStatusRequest;
import io.vertedge.dmi.v1beta1.Twin;
import io.vertedge.dmi.v1beta1.TwinProperty;
import io.vertedge.dmi.v1beta1.UpdateDeviceRequest;
import io.vertedge.testsupport.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device methods for a device of an external mapper (the thermometer, {@code protocolName: modbus},
 * has no built-in driver): a write is an {@code UpdateDevice} with the desired value, answered once
 * the mapper accepted it; no mapper is a 503, a hung one a 504; values read are the twin's reports.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DmiMethodTest {

  private static final String WRITE = "/api/v1/devicemethod/default/thermometer-1/set-comfort/";
  private static final String VALUE = "/api/v1/device/default/thermometer-1/";

  @TempDir Path dir;
  private HubFixture hub;
  private EdgeRuntime edge;
  private CloudApi http;
  private DmiMapper mapper;

  @BeforeEach
  void start() {
    hub = new HubFixture(dir);
    http = new CloudApi(hub);
    edge = hub.startEdge("edge-1");
    mapper = new DmiMapper(hub.vertx, edge.endpoints().getString("dmi"));
    mapper.serve(dir.resolve("mapper.sock"));
    http.createThermometer();
    Poll.until(DeviceApp.WAIT, "the thermometer on the edge",
        () -> http.edgeGet(edge, "/api/v1/devicemethod/default/thermometer-1").statusCode() == 200);
  }

  @AfterEach
  void stop() {
    mapper.close();
    edge.stop().await();
    hub.close();
  }

  @Test
  void withoutAMapperAWriteIs503AndNothingIsSent() {
    HttpResponse<String> refused = http.edgeGet(edge, WRITE + "setpoint/25");
    assertEquals(503, refused.statusCode(), refused.body());
    assertTrue(refused.body().startsWith("no mapper of protocol modbus is registered on node edge-1"), refused.body());
    assertEquals(List.of(), mapper.received());
  }

  @Test
  void aWriteIsAnUpdateDeviceWithTheDesiredValueAnsweredOnceTheMapperAcceptedIt() {
    register();
    int before = mapper.received().size();
    HttpResponse<String> written = http.edgeGet(edge, WRITE + "setpoint/25");
    assertEquals(200, written.statusCode(), written.body());
    assertEquals(before + 1, mapper.received().size(), "accepted before the answer: " + mapper.received());
    UpdateDeviceRequest update = assertInstanceOf(UpdateDeviceRequest.class, mapper.received().get(before));
    assertEquals("25", update.getDevice().getSpec().getPropertiesList().stream()
        .filter(p -> p.getName().equals("setpoint")).findFirst().orElseThrow().getDesired().getValue());

    HttpResponse<String> readOnly = http.edgeGet(edge, "/api/v1/devicemethod/default/thermometer-1/set-comfort/temperature/1");
    assertEquals(400, readOnly.statusCode(), readOnly.body());
    assertEquals(before + 1, mapper.received().size(), "nothing sent for a refused write");
  }

  @Test
  void aValueReadIsTheTwinsReportAndNoneYetIs503() {
    register();
    HttpResponse<String> none = http.edgeGet(edge, VALUE + "setpoint");
    assertEquals(503, none.statusCode(), none.body());
    assertEquals("device default/thermometer-1 has reported no value of property setpoint yet", none.body());
    mapper.reportStatus(ReportDeviceStatusRequest.newBuilder().setDeviceName("thermometer-1")
        .setDeviceNamespace("default").setReportedDevice(DeviceStatus.newBuilder().addTwins(Twin.newBuilder()
            .setPropertyName("setpoint").setReported(TwinProperty.newBuilder().setValue("24")))).build()).ok();
    JsonObject data = new JsonObject(CloudApi.expect(200, http.edgeGet(edge, VALUE + "setpoint")).body())
        .getJsonObject("Data");
    assertEquals("24", data.getString("Value"));
    assertEquals("int", data.getString("Type"));
  }

  @Test
  void aMapperThatDoesNotAnswerIs504() {
    register();
    mapper.hang();
    HttpResponse<String> hung = http.edgeGet(edge, WRITE + "power/false");
    assertEquals(504, hung.statusCode(), hung.body());
    assertTrue(hung.body().startsWith("writing power of device default/thermometer-1"), hung.body());
  }

  private void register() {
    mapper.register(MapperRegisterRequest.newBuilder().setWithData(true)
        .setMapper(DmiMapper.info("modbus-mapper", "modbus", dir.resolve("mapper.sock").toString())).build()).ok();
  }
}
