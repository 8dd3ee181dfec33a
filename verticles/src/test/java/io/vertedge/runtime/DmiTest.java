package io.vertedge.runtime;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.FloatValue;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import io.vertedge.config.ConfigException;
import io.vertedge.dmi.v1beta1.CreateDeviceModelRequest;
import io.vertedge.dmi.v1beta1.Device;
import io.vertedge.dmi.v1beta1.RegisterDeviceRequest;
import io.vertedge.dmi.v1beta1.RemoveDeviceModelRequest;
import io.vertedge.dmi.v1beta1.RemoveDeviceRequest;
import io.vertedge.dmi.v1beta1.UpdateDeviceRequest;
import io.vertedge.dmi.v1beta1.DeviceProperty;
import io.vertedge.dmi.v1beta1.DeviceStatus;
import io.vertedge.dmi.v1beta1.MapperRegisterRequest;
import io.vertedge.dmi.v1beta1.MapperRegisterResponse;
import io.vertedge.dmi.v1beta1.ModelProperty;
import io.vertedge.dmi.v1beta1.ReportDeviceStatesRequest;
import io.vertedge.dmi.v1beta1.ReportDeviceStatusRequest;
import io.vertedge.dmi.v1beta1.ReportDeviceStatusResponse;
import io.vertedge.edge.dmi.DmiServer;
import io.vertedge.dmi.v1beta1.Twin;
import io.vertedge.dmi.v1beta1.TwinProperty;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DMI v1beta1 end to end: a real cloud and edge, the thermometer created through the cloud's
 * device API, and an external mapper played by a Vert.x gRPC client on the edge's Unix socket,
 * calling {@code /v1beta1.DeviceManagerService/...} as KubeEdge's mapper framework does.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DmiTest {

  private static final String TWINS = "/api/v1/namespaces/default/devices/thermometer-1/twins";

  @TempDir Path dir;
  private HubFixture hub;
  private EdgeRuntime edge;
  private CloudApi http;
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
  void aMapperRegistersAndIsHandedTheDevicesOfItsProtocolWithTheirModels() throws Exception {
    startEdgeWithThermometer();
    MapperRegisterResponse modbus = mapper.register(register("modbus-mapper", "modbus")).ok();

    assertEquals(1, modbus.getDeviceListCount(), modbus.toString());
    Device device = modbus.getDeviceList(0);
    assertEquals("thermometer-1", device.getName());
    assertEquals("default", device.getNamespace());
    assertEquals("thermometer-model", device.getSpec().getDeviceModelReference());
    assertEquals("modbus", device.getSpec().getProtocol().getProtocolName());
    var config = device.getSpec().getProtocol().getConfigData().getDataMap();
    assertEquals("192.168.1.20", config.get("ip").unpack(StringValue.class).getValue());
    assertEquals(502f, config.get("port").unpack(FloatValue.class).getValue(), "every JSON number is a FloatValue");
    assertEquals(500f, config.get("timeout").unpack(FloatValue.class).getValue(), "the model's protocolConfigData");
    assertEquals(DeviceStatus.newBuilder().setReportToCloud(true).setReportCycle(10000).build(), device.getStatus());
    assertEquals(List.of("setpoint", "power"), device.getSpec().getMethods(0).getPropertyNamesList());

    DeviceProperty temperature = property(device, "temperature");
    var visitor = temperature.getVisitors().getConfigData().getDataMap();
    assertEquals("InputRegister", unpack(visitor.get("register")));
    assertTrue(visitor.get("isSwap").unpack(BoolValue.class).getValue(), "the device's visitor wins over the model's");
    assertEquals(2000, temperature.getReportCycle());
    assertEquals(1000, temperature.getCollectCycle());
    assertTrue(temperature.getReportToCloud());
    assertEquals("lab/temperature", temperature.getPushMethod().getMqtt().getTopic());
    assertEquals(1, temperature.getPushMethod().getMqtt().getQos());
    assertEquals("celsius", temperature.getPushMethod().getDbMethod().getInfluxdb2().getInfluxdb2DataConfig()
        .getTagMap().get("unit"));
    DeviceProperty setpoint = property(device, "setpoint");
    assertEquals(TwinProperty.newBuilder().setValue("21").putMetadata("type", "int")
        .putMetadata("timestamp", "1764064800000").build(), setpoint.getDesired());
    assertEquals("http://127.0.0.1", setpoint.getPushMethod().getHttp().getHostname(), "hostName, as Go reads it");
    assertEquals("/api/v1/setpoint", setpoint.getPushMethod().getHttp().getRequestpath());
    assertEquals(3.5f, setpoint.getPushMethod().getAnomalyDetection().getDataMap().get("threshold")
        .unpack(FloatValue.class).getValue());
    assertEquals("lab", property(device, "label").getPushMethod().getDbMethod().getTdengine()
        .getTdEngineClientConfig().getDbname(), "TDEngine/dbName, as Go reads them");

    assertEquals(1, modbus.getModelListCount(), "each model once");
    assertEquals("thermometer-model", modbus.getModelList(0).getName());
    ModelProperty modelTemperature = modbus.getModelList(0).getSpec().getProperties(0);
    assertEquals(ModelProperty.newBuilder().setName("temperature").setDescription("Ambient temperature")
        .setType("DOUBLE").setAccessMode("ReadOnly").setMinimum("-40").setMaximum("125").setUnit("°C").build(),
        modelTemperature);

    MapperRegisterResponse other = mapper.register(register("opcua-mapper", "opcua")).ok();
    assertEquals(0, other.getDeviceListCount(), "no device of protocol opcua: " + other);
    MapperRegisterResponse withoutData = mapper.register(register("modbus-mapper", "modbus").toBuilder()
        .setWithData(false).build()).ok();
    assertEquals(MapperRegisterResponse.getDefaultInstance(), withoutData, "withData=false: nothing, as KubeEdge");
    // registering again (a restarted mapper) replaces the registration and hands the devices again
    assertEquals(1, mapper.register(register("modbus-mapper-2", "modbus")).ok().getDeviceListCount());
  }

  @Test
  void reportedTwinsAndStatesReachTheEdgeTwinAndTheCloud() {
    startEdgeWithThermometer();
    mapper.register(register("modbus-mapper", "modbus")).ok();

    mapper.reportStatus(status("thermometer-1", twin("temperature", "23.5", ""), twin("setpoint", "21", "21"))).ok();
    // answered once durable: the edge's twin route shows it right away
    JsonArray edgeTwins = new JsonObject(http.edgeGet(edge, TWINS).body()).getJsonArray("items");
    assertEquals("23.5", reported(edgeTwins, "temperature"));
    assertEquals("21", reported(edgeTwins, "setpoint"));
    Poll.until(DeviceApp.WAIT, "the reported temperature in the cloud", () -> "23.5".equals(reported(cloudTwins(),
        "temperature")));

    mapper.reportStates(ReportDeviceStatesRequest.newBuilder().setDeviceName("thermometer-1")
        .setDeviceNamespace("default").setState("online").build()).ok();
    Poll.until(DeviceApp.WAIT, "the device's state in the cloud", () -> "online".equals(cloudState()));
  }

  private String cloudState() {
    HttpResponse<String> status = http.request("GET", CloudApi.DEVICES + "/devicestatuses/thermometer-1", null, null);
    return status.statusCode() != 200 ? null
        : new JsonObject(status.body()).getJsonObject("status", new JsonObject()).getString("state");
  }

  @Test
  void aRegistrationOutlivesAnEdgeRestart() {
    edge = hub.startEdge("edge-1");
    mapper = new DmiMapper(hub.vertx, edge.endpoints().getString("dmi"));
    mapper.serve(mapperSocket());
    mapper.register(register("modbus-mapper", "modbus")).ok();
    // joined and linked before it stops, so that the restart is an edge's ordinary restart
    Poll.until(DeviceApp.WAIT, "the first edge linked", () -> edge.link().isPresent());
    edge.stop().await();

    // a KubeEdge mapper registers only at its own start: the edge remembers it
    edge = hub.startEdge("edge-1");
    http.createThermometer();
    Poll.until(DeviceApp.WAIT, "the device handed to the mapper that registered before the restart",
        () -> mapper.received().stream().anyMatch(RegisterDeviceRequest.class::isInstance));
  }

  @Test
  void theDevicesOfAMapperThatStopsAnsweringGoOfflineUntilItIsBack() {
    startEdgeWithThermometer();
    mapper.register(register("modbus-mapper", "modbus")).ok();
    mapper.reportStates(online()).ok();
    Poll.until(DeviceApp.WAIT, "the device online in the cloud", () -> "online".equals(cloudState()));

    mapper.stopServing();
    Poll.until(DeviceApp.WAIT, "the device offline in the cloud", () -> "offline".equals(cloudState()));

    // back: it serves, registers again and reports its devices' states, as a restarted mapper does
    mapper.serve(mapperSocket());
    assertEquals(1, mapper.register(register("modbus-mapper", "modbus")).ok().getDeviceListCount());
    mapper.reportStates(online()).ok();
    Poll.until(DeviceApp.WAIT, "the device online again", () -> "online".equals(cloudState()));
  }

  @Test
  void theDevicesOfAMapperThatLeavesACallUnansweredGoOffline() {
    startEdgeWithThermometer();
    mapper.register(register("modbus-mapper", "modbus")).ok();
    mapper.reportStates(online()).ok();
    Poll.until(DeviceApp.WAIT, "the device online in the cloud", () -> "online".equals(cloudState()));

    mapper.hang();
    http.patchDesired(1, "25"); // an UpdateDevice the mapper takes and never answers
    Poll.until(DeviceApp.WAIT, "the update reached the hung mapper",
        () -> mapper.received().stream().anyMatch(UpdateDeviceRequest.class::isInstance));
    // KubeEdge's 10 s deadline passes
    Poll.until(Duration.ofSeconds(30), "the device offline in the cloud", () -> "offline".equals(cloudState()));
  }

  private static ReportDeviceStatesRequest online() {
    return ReportDeviceStatesRequest.newBuilder().setDeviceName("thermometer-1").setDeviceNamespace("default")
        .setState("online").build();
  }

  @Test
  void moreReportsInFlightThanTheMapperMayHaveAtOnceAreAllAnsweredOk() {
    startEdgeWithThermometer();
    int reports = 4 * DmiServer.STREAMS_PER_MAPPER;
    List<Future<DmiMapper.Answer<ReportDeviceStatusResponse>>> answers = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < reports; i++) {
      answers.add(mapper.reportStatusLater(status("thermometer-1", twin("temperature", i + ".5", ""))));
    }
    Future.all(answers).await();
    long millis = (System.nanoTime() - started) / 1_000_000;
    // measured, not asserted: the rate a single mapper connection gets through DeviceTwin to the store
    System.out.printf("DMI: %d ReportDeviceStatus on one connection answered in %d ms%n", reports, millis);
    answers.forEach(answer -> answer.result().ok());
    String last = reported(new JsonObject(http.edgeGet(edge, TWINS).body()).getJsonArray("items"), "temperature");
    assertTrue(last.endsWith(".5") && Integer.parseInt(last.substring(0, last.length() - 2)) < reports, last);
  }

  @Test
  void invalidCallsAreRefusedWithAPreciseStatusAndNothingIsKept() {
    startEdgeWithThermometer();
    assertRefused(mapper.register(MapperRegisterRequest.newBuilder().setWithData(true).build()),
        GrpcStatus.INVALID_ARGUMENT, "mapper is missing");
    assertRefused(mapper.register(register("m", "")), GrpcStatus.INVALID_ARGUMENT, "mapper.protocol is empty");
    assertRefused(mapper.register(MapperRegisterRequest.newBuilder().setWithData(true)
        .setMapper(DmiMapper.info("m", "modbus", "")).build()), GrpcStatus.INVALID_ARGUMENT, "mapper.address is empty");

    assertRefused(mapper.reportStatus(status("", twin("temperature", "1", ""))), GrpcStatus.INVALID_ARGUMENT,
        "deviceName is empty");
    assertRefused(mapper.reportStatus(status("thermometer-1")), GrpcStatus.INVALID_ARGUMENT,
        "reportedDevice has no twins");
    assertRefused(mapper.reportStatus(status("thermometer-1", twin("", "1", ""))), GrpcStatus.INVALID_ARGUMENT,
        "reportedDevice.twins[0].propertyName is empty");
    assertRefused(mapper.reportStatus(status("thermometer-1", twin("humidity", "40", ""))),
        GrpcStatus.INVALID_ARGUMENT, "has no property humidity");
    assertRefused(mapper.reportStatus(status("thermometer-1", twin("temperature", "1", ""), twin("setpoint", "warm",
        ""))), GrpcStatus.INVALID_ARGUMENT, "twin.setpoint.actual.value \"warm\"");
    assertRefused(mapper.reportStatus(status("nope", twin("temperature", "1", ""))), GrpcStatus.NOT_FOUND,
        "device default/nope is not a device of node edge-1");
    assertRefused(mapper.reportStates(ReportDeviceStatesRequest.newBuilder().setDeviceName("thermometer-1")
        .setDeviceNamespace("default").build()), GrpcStatus.INVALID_ARGUMENT, "state is empty");
    assertRefused(mapper.reportStates(ReportDeviceStatesRequest.newBuilder().setDeviceName("thermometer-1")
        .setDeviceNamespace("default").setState("sleeping").build()), GrpcStatus.INVALID_ARGUMENT,
        "state \"sleeping\" is not one of");

    JsonArray edgeTwins = new JsonObject(http.edgeGet(edge, TWINS).body()).getJsonArray("items");
    assertFalse(item(edgeTwins, "temperature").containsKey("reported"), "nothing kept: " + edgeTwins);
    // and it keeps serving
    mapper.reportStatus(status("thermometer-1", twin("temperature", "20.0", ""))).ok();
  }

  @Test
  void aSocketLeftByAKilledEdgeIsRemovedAndALiveOneIsAnotherEdge() throws Exception {
    Path socket = dir.resolve("edge-1").resolve("dmi.sock");
    Files.createDirectories(socket.getParent());
    try (ServerSocketChannel killed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      killed.bind(UnixDomainSocketAddress.of(socket)); // closed without unlinking, as a killed process leaves it
    }
    assertTrue(Files.exists(socket));
    edge = hub.startEdge("edge-1");
    assertEquals("unix://" + socket.toAbsolutePath(), edge.endpoints().getString("dmi"));
    mapper = new DmiMapper(hub.vertx, edge.endpoints().getString("dmi"));
    assertEquals(0, mapper.register(register("modbus-mapper", "modbus")).ok().getDeviceListCount());

    Throwable refused = assertThrows(Throwable.class, () -> hub.startEdge("edge-2", List.of("dmi.socket=" + socket)));
    ConfigException config = assertInstanceOf(ConfigException.class,
        refused instanceof CompletionException ? refused.getCause() : refused);
    assertEquals("edge.dmi.socket: " + socket + " is in use (another running edge?); stop it or set dmi.socket",
        config.getMessage());
    // the running edge keeps its socket
    assertEquals(0, mapper.register(register("modbus-mapper", "modbus")).ok().getDeviceListCount());
  }

  @Test
  void aRegisteredMapperIsCalledAsItsDevicesAndModelsChange() throws Exception {
    edge = hub.startEdge("edge-1");
    mapper = new DmiMapper(hub.vertx, edge.endpoints().getString("dmi"));
    Path own = dir.resolve("modbus.sock");
    mapper.serve(own);
    assertEquals(0, mapper.register(MapperRegisterRequest.newBuilder().setWithData(true)
        .setMapper(DmiMapper.info("modbus-mapper", "modbus", own.toString())).build()).ok().getDeviceListCount());

    http.createThermometer();
    Poll.until(DeviceApp.WAIT, "the model and the device handed to the mapper", () -> mapper.received().size() >= 2);
    CreateDeviceModelRequest model = assertInstanceOf(CreateDeviceModelRequest.class, mapper.received().get(0));
    assertEquals("thermometer-model", model.getModel().getName());
    RegisterDeviceRequest registered = assertInstanceOf(RegisterDeviceRequest.class, mapper.received().get(1));
    assertEquals("thermometer-1", registered.getDevice().getName());
    assertEquals(500f, registered.getDevice().getSpec().getProtocol().getConfigData().getDataMap().get("timeout")
        .unpack(FloatValue.class).getValue(), "sent with its model's defaults");

    http.patchDesired(1, "25");
    Poll.until(DeviceApp.WAIT, "the changed device sent to the mapper", () -> mapper.received().size() >= 3);
    UpdateDeviceRequest updated = assertInstanceOf(UpdateDeviceRequest.class, mapper.received().get(2));
    assertEquals("25", property(updated.getDevice(), "setpoint").getDesired().getValue());

    assertEquals(200, http.request("DELETE", CloudApi.DEVICES + "/devices/thermometer-1", null, null).statusCode());
    Poll.until(DeviceApp.WAIT, "the device removed from the mapper", () -> mapper.received().size() >= 4);
    assertEquals(RemoveDeviceRequest.newBuilder().setDeviceName("thermometer-1").setDeviceNamespace("default").build(),
        mapper.received().get(3));
    // no device of this node uses the model any more: the cloud takes it off the node
    Poll.until(DeviceApp.WAIT, "the model removed from the mapper", () -> mapper.received().size() >= 5);
    assertEquals(RemoveDeviceModelRequest.newBuilder().setModelName("thermometer-model").setModelNamespace("default")
        .build(), mapper.received().get(4));
    assertEquals(5, mapper.received().size(), "nothing else: " + mapper.received());
  }

  private void startEdgeWithThermometer() {
    edge = hub.startEdge("edge-1");
    mapper = new DmiMapper(hub.vertx, edge.endpoints().getString("dmi"));
    mapper.serve(mapperSocket());
    http.createThermometer();
    Poll.until(DeviceApp.WAIT, "the thermometer on the edge", () -> http.edgeGet(edge, TWINS).statusCode() == 200);
  }

  /** A registration asking for its devices, at the mapper's own socket (served: else its devices go offline). */
  private MapperRegisterRequest register(String name, String protocol) {
    return MapperRegisterRequest.newBuilder().setWithData(true)
        .setMapper(DmiMapper.info(name, protocol, mapperSocket().toString())).build();
  }

  private Path mapperSocket() {
    return dir.resolve("mapper.sock");
  }

  private static ReportDeviceStatusRequest status(String device, Twin... twins) {
    return ReportDeviceStatusRequest.newBuilder().setDeviceName(device).setDeviceNamespace("default")
        .setReportedDevice(DeviceStatus.newBuilder().addAllTwins(List.of(twins))).build();
  }

  private static Twin twin(String property, String reported, String observedDesired) {
    return Twin.newBuilder().setPropertyName(property)
        .setReported(TwinProperty.newBuilder().setValue(reported).putMetadata("type", "string"))
        .setObservedDesired(TwinProperty.newBuilder().setValue(observedDesired)).build();
  }

  private static void assertRefused(DmiMapper.Answer<?> answer, GrpcStatus status, String message) {
    assertEquals(status, answer.status(), String.valueOf(answer.message()));
    assertTrue(answer.message() != null && answer.message().contains(message),
        "expected \"" + message + "\" in: " + answer.message());
  }

  private static DeviceProperty property(Device device, String name) {
    return device.getSpec().getPropertiesList().stream().filter(p -> p.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no property " + name));
  }

  private static String unpack(Any any) throws InvalidProtocolBufferException {
    return any.unpack(StringValue.class).getValue();
  }

  private JsonArray cloudTwins() {
    HttpResponse<String> twins = http.request("GET", TWINS, null, null);
    assertEquals(200, twins.statusCode(), twins.body());
    return new JsonObject(twins.body()).getJsonArray("items");
  }

  private static JsonObject item(JsonArray items, String property) {
    return items.stream().map(JsonObject.class::cast).filter(item -> property.equals(item.getString("property")))
        .findFirst().orElseThrow(() -> new AssertionError("no twin " + property + " in " + items));
  }

  private static String reported(JsonArray items, String property) {
    JsonObject reported = item(items, property).getJsonObject("reported");
    return reported == null ? null : reported.getString("value");
  }
}
