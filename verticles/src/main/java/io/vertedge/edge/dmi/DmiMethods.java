package io.vertedge.edge.dmi;

import com.google.protobuf.MessageLite;
import io.vertedge.dmi.v1beta1.CreateDeviceModelRequest;
import io.vertedge.dmi.v1beta1.CreateDeviceModelResponse;
import io.vertedge.dmi.v1beta1.MapperRegisterRequest;
import io.vertedge.dmi.v1beta1.MapperRegisterResponse;
import io.vertedge.dmi.v1beta1.RegisterDeviceRequest;
import io.vertedge.dmi.v1beta1.RegisterDeviceResponse;
import io.vertedge.dmi.v1beta1.RemoveDeviceModelRequest;
import io.vertedge.dmi.v1beta1.RemoveDeviceModelResponse;
import io.vertedge.dmi.v1beta1.RemoveDeviceRequest;
import io.vertedge.dmi.v1beta1.RemoveDeviceResponse;
import io.vertedge.dmi.v1beta1.ReportDeviceStatesRequest;
import io.vertedge.dmi.v1beta1.ReportDeviceStatesResponse;
import io.vertedge.dmi.v1beta1.ReportDeviceStatusRequest;
import io.vertedge.dmi.v1beta1.ReportDeviceStatusResponse;
import io.vertedge.dmi.v1beta1.UpdateDeviceModelRequest;
import io.vertedge.dmi.v1beta1.UpdateDeviceModelResponse;
import io.vertedge.dmi.v1beta1.UpdateDeviceRequest;
import io.vertedge.dmi.v1beta1.UpdateDeviceResponse;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;

/**
 * The DMI v1beta1 methods (KUBEEDGE-COMPAT §1.1), bound by hand to the messages generated from
 * {@code dmi/v1beta1/api.proto}: the service names carry the proto package {@code v1beta1}, so
 * the paths are KubeEdge's ({@code /v1beta1.DeviceManagerService/MapperRegister}, ...).
 * {@code server*} are the edge's side of {@code DeviceManagerService}; {@code manager*} are a
 * client's (a mapper's) calls to it, {@code mapper*} the edge's calls to a mapper.
 */
public final class DmiMethods {

  public static final ServiceName MANAGER = ServiceName.create("v1beta1", "DeviceManagerService");
  public static final ServiceName MAPPER = ServiceName.create("v1beta1", "DeviceMapperService");

  static final ServiceMethod<MapperRegisterRequest, MapperRegisterResponse> SERVER_REGISTER =
      server(MANAGER, "MapperRegister", MapperRegisterRequest.getDefaultInstance());
  static final ServiceMethod<ReportDeviceStatusRequest, ReportDeviceStatusResponse> SERVER_STATUS =
      server(MANAGER, "ReportDeviceStatus", ReportDeviceStatusRequest.getDefaultInstance());
  static final ServiceMethod<ReportDeviceStatesRequest, ReportDeviceStatesResponse> SERVER_STATES =
      server(MANAGER, "ReportDeviceStates", ReportDeviceStatesRequest.getDefaultInstance());

  public static final ServiceMethod<MapperRegisterResponse, MapperRegisterRequest> MANAGER_REGISTER =
      client(MANAGER, "MapperRegister", MapperRegisterResponse.getDefaultInstance());
  public static final ServiceMethod<ReportDeviceStatusResponse, ReportDeviceStatusRequest> MANAGER_STATUS =
      client(MANAGER, "ReportDeviceStatus", ReportDeviceStatusResponse.getDefaultInstance());
  public static final ServiceMethod<ReportDeviceStatesResponse, ReportDeviceStatesRequest> MANAGER_STATES =
      client(MANAGER, "ReportDeviceStates", ReportDeviceStatesResponse.getDefaultInstance());

  public static final ServiceMethod<RegisterDeviceResponse, RegisterDeviceRequest> MAPPER_REGISTER_DEVICE =
      client(MAPPER, "RegisterDevice", RegisterDeviceResponse.getDefaultInstance());
  public static final ServiceMethod<UpdateDeviceResponse, UpdateDeviceRequest> MAPPER_UPDATE_DEVICE =
      client(MAPPER, "UpdateDevice", UpdateDeviceResponse.getDefaultInstance());
  public static final ServiceMethod<RemoveDeviceResponse, RemoveDeviceRequest> MAPPER_REMOVE_DEVICE =
      client(MAPPER, "RemoveDevice", RemoveDeviceResponse.getDefaultInstance());
  public static final ServiceMethod<CreateDeviceModelResponse, CreateDeviceModelRequest> MAPPER_CREATE_MODEL =
      client(MAPPER, "CreateDeviceModel", CreateDeviceModelResponse.getDefaultInstance());
  public static final ServiceMethod<UpdateDeviceModelResponse, UpdateDeviceModelRequest> MAPPER_UPDATE_MODEL =
      client(MAPPER, "UpdateDeviceModel", UpdateDeviceModelResponse.getDefaultInstance());
  public static final ServiceMethod<RemoveDeviceModelResponse, RemoveDeviceModelRequest> MAPPER_REMOVE_MODEL =
      client(MAPPER, "RemoveDeviceModel", RemoveDeviceModelResponse.getDefaultInstance());

  private DmiMethods() { }

  private static <Req, Resp extends MessageLite> ServiceMethod<Req, Resp> server(ServiceName service, String method,
                                                                                 com.google.protobuf.Message request) {
    return ServiceMethod.server(service, method, GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(request));
  }

  private static <Req extends MessageLite, Resp> ServiceMethod<Resp, Req> client(ServiceName service, String method,
                                                                                 com.google.protobuf.Message response) {
    return ServiceMethod.client(service, method, GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(response));
  }
}
