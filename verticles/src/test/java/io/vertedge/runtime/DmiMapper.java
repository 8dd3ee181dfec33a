package io.vertedge.runtime;

import com.google.protobuf.ByteString;
import io.vertedge.dmi.v1beta1.MapperInfo;
import io.vertedge.dmi.v1beta1.MapperRegisterRequest;
import io.vertedge.dmi.v1beta1.MapperRegisterResponse;
import io.vertedge.dmi.v1beta1.ReportDeviceStatesRequest;
import io.vertedge.dmi.v1beta1.ReportDeviceStatesResponse;
import io.vertedge.dmi.v1beta1.ReportDeviceStatusRequest;
import io.vertedge.dmi.v1beta1.ReportDeviceStatusResponse;
import io.vertedge.edge.dmi.DmiMethods;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;

import java.net.URI;

/**
 * An external mapper as KubeEdge's mapper framework is one: a Vert.x gRPC client on the edge's
 * DMI Unix socket (the {@code dmi} address of endpoints.json), calling {@code DeviceManagerService}.
 */
final class DmiMapper implements AutoCloseable {

  /** A call's outcome: the status, its message, and the reply when OK. */
  record Answer<T>(GrpcStatus status, String message, T reply) {
    T ok() {
      if (status != GrpcStatus.OK) {
        throw new AssertionError("expected OK, got " + status + ": " + message);
      }
      return reply;
    }
  }

  private final GrpcClient client;
  private final SocketAddress socket;

  DmiMapper(Vertx vertx, String dmiEndpoint) {
    this.client = GrpcClient.client(vertx);
    this.socket = SocketAddress.domainSocketAddress(URI.create(dmiEndpoint).getPath());
  }

  static MapperInfo info(String name, String protocol, String address) {
    return MapperInfo.newBuilder().setName(name).setVersion("v1.13.0").setApiVersion("v1.0.0").setProtocol(protocol)
        .setAddress(ByteString.copyFromUtf8(address)).setState("ok").build();
  }

  Answer<MapperRegisterResponse> register(MapperRegisterRequest request) {
    return call(DmiMethods.MANAGER_REGISTER, request);
  }

  Answer<ReportDeviceStatusResponse> reportStatus(ReportDeviceStatusRequest request) {
    return call(DmiMethods.MANAGER_STATUS, request);
  }

  Answer<ReportDeviceStatesResponse> reportStates(ReportDeviceStatesRequest request) {
    return call(DmiMethods.MANAGER_STATES, request);
  }

  private <Req, Resp> Answer<Resp> call(ServiceMethod<Resp, Req> method, Req request) {
    return client.request(socket, method)
        .compose(call -> call.send(request))
        .compose(response -> response.last().map(reply -> new Answer<>(GrpcStatus.OK, null, reply))
            .recover(failure -> Future.succeededFuture(new Answer<Resp>(response.status(), response.statusMessage(),
                null))))
        .await();
  }

  @Override
  public void close() {
    client.close().await();
  }
}
