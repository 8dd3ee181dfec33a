package io.vertedge.runtime;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.vertedge.dmi.v1beta1.CreateDeviceModelRequest;
import io.vertedge.dmi.v1beta1.CreateDeviceModelResponse;
import io.vertedge.dmi.v1beta1.RegisterDeviceRequest;
import io.vertedge.dmi.v1beta1.RegisterDeviceResponse;
import io.vertedge.dmi.v1beta1.RemoveDeviceModelRequest;
import io.vertedge.dmi.v1beta1.RemoveDeviceModelResponse;
import io.vertedge.dmi.v1beta1.RemoveDeviceRequest;
import io.vertedge.dmi.v1beta1.RemoveDeviceResponse;
import io.vertedge.dmi.v1beta1.UpdateDeviceModelRequest;
import io.vertedge.dmi.v1beta1.UpdateDeviceModelResponse;
import io.vertedge.dmi.v1beta1.UpdateDeviceRequest;
import io.vertedge.dmi.v1beta1.UpdateDeviceResponse;
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
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An external mapper as KubeEdge's mapper framework is one: a Vert.x gRPC client on the edge's
 * DMI Unix socket (the {@code dmi} address of endpoints.json, or {@code tcp://HOST:PORT}), calling {@code DeviceManagerService},
 * and serving {@code DeviceMapperService} on its own socket ({@link #serve}) for the edge's calls.
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

  private final Vertx vertx;
  private final GrpcClient client;
  private final SocketAddress socket;
  private final Queue<Message> received = new ConcurrentLinkedQueue<>();
  private HttpServer server;
  private volatile boolean hanging;

  DmiMapper(Vertx vertx, String dmiEndpoint) {
    this.vertx = vertx;
    this.client = GrpcClient.client(vertx);
    URI endpoint = URI.create(dmiEndpoint);
    this.socket = "tcp".equals(endpoint.getScheme())
        ? SocketAddress.inetSocketAddress(endpoint.getPort(), endpoint.getHost())
        : SocketAddress.domainSocketAddress(endpoint.getPath());
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

  /** Serves {@code DeviceMapperService} at {@code socket}, answering every call OK and keeping its request. */
  void serve(Path socket) {
    GrpcServer grpc = GrpcServer.server(vertx);
    answer(grpc, "RegisterDevice", RegisterDeviceRequest.getDefaultInstance(), RegisterDeviceResponse.getDefaultInstance());
    answer(grpc, "UpdateDevice", UpdateDeviceRequest.getDefaultInstance(), UpdateDeviceResponse.getDefaultInstance());
    answer(grpc, "RemoveDevice", RemoveDeviceRequest.getDefaultInstance(), RemoveDeviceResponse.getDefaultInstance());
    answer(grpc, "CreateDeviceModel", CreateDeviceModelRequest.getDefaultInstance(),
        CreateDeviceModelResponse.getDefaultInstance());
    answer(grpc, "UpdateDeviceModel", UpdateDeviceModelRequest.getDefaultInstance(),
        UpdateDeviceModelResponse.getDefaultInstance());
    answer(grpc, "RemoveDeviceModel", RemoveDeviceModelRequest.getDefaultInstance(),
        RemoveDeviceModelResponse.getDefaultInstance());
    try {
      Files.deleteIfExists(socket); // left by an earlier serve
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = vertx.createHttpServer().requestHandler(grpc)
        .listen(SocketAddress.domainSocketAddress(socket.toString())).await();
  }

  /** From now on the mapper takes the edge's calls and never answers them, as a hung process. */
  void hang() {
    hanging = true;
  }

  /** The mapper's own service goes away, as when its process dies. */
  void stopServing() {
    server.close().await();
    server = null;
  }

  /** The requests the edge made to this mapper's {@code DeviceMapperService}, in order. */
  List<Message> received() {
    return List.copyOf(received);
  }

  private <Req extends Message, Resp extends Message> void answer(GrpcServer grpc, String name, Req request,
                                                                   Resp reply) {
    ServiceMethod<Req, Resp> method = ServiceMethod.server(DmiMethods.MAPPER, name, GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(request));
    grpc.callHandler(method, call -> call.handler(message -> {
      received.add(message);
      if (!hanging) {
        call.response().send(reply);
      }
    }));
  }

  /** A report without waiting for its answer, as a mapper reporting many devices at once sends them. */
  Future<Answer<ReportDeviceStatusResponse>> reportStatusLater(ReportDeviceStatusRequest request) {
    return callLater(DmiMethods.MANAGER_STATUS, request);
  }

  private <Req, Resp> Answer<Resp> call(ServiceMethod<Resp, Req> method, Req request) {
    return callLater(method, request).await();
  }

  private <Req, Resp> Future<Answer<Resp>> callLater(ServiceMethod<Resp, Req> method, Req request) {
    return client.request(socket, method)
        .compose(call -> call.send(request))
        .compose(response -> response.last().map(reply -> new Answer<>(GrpcStatus.OK, null, reply))
            .recover(failure -> Future.succeededFuture(new Answer<Resp>(response.status(), response.statusMessage(),
                null))));
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().await();
    }
    client.close().await();
  }
}
