"""A small DMI mapper in Python, as a KubeEdge mapper would be written: stubs generated from
Vertedge's api.proto at test time, the Debian python3-grpcio runtime. It serves its own
DeviceMapperService, registers with the edge, reports a twin and a state, makes one bad call,
and prints one JSON line per outcome for the Java test to check.

usage: python_mapper.py EDGE_SOCKET OWN_SOCKET
"""
import json
import sys
from concurrent import futures

import grpc

from dmi.v1beta1 import api_pb2, api_pb2_grpc


def emit(**fields):
    print(json.dumps(fields), flush=True)


class Mapper(api_pb2_grpc.DeviceMapperServiceServicer):
    def RegisterDevice(self, request, context):
        return api_pb2.RegisterDeviceResponse(deviceName=request.device.name,
                                              deviceNamespace=request.device.namespace)


def main():
    edge_socket, own_socket = sys.argv[1], sys.argv[2]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    api_pb2_grpc.add_DeviceMapperServiceServicer_to_server(Mapper(), server)
    server.add_insecure_port("unix:" + own_socket)
    server.start()
    with grpc.insecure_channel("unix:" + edge_socket) as channel:
        edge = api_pb2_grpc.DeviceManagerServiceStub(channel)
        registered = edge.MapperRegister(api_pb2.MapperRegisterRequest(
            withData=True,
            mapper=api_pb2.MapperInfo(name="python-modbus", version="v1.13.0", api_version="v1.0.0",
                                      protocol="modbus", address=own_socket.encode(), state="ok")), timeout=10)
        emit(call="MapperRegister", devices=[d.namespace + "/" + d.name for d in registered.deviceList],
             models=[m.name for m in registered.modelList],
             protocol=[d.spec.protocol.protocolName for d in registered.deviceList])
        edge.ReportDeviceStatus(api_pb2.ReportDeviceStatusRequest(
            deviceName="thermometer-1", deviceNamespace="default",
            reportedDevice=api_pb2.DeviceStatus(twins=[api_pb2.Twin(
                propertyName="temperature",
                reported=api_pb2.TwinProperty(value="19.5", metadata={"type": "double"}),
                observedDesired=api_pb2.TwinProperty(value=""))])), timeout=10)
        emit(call="ReportDeviceStatus", code="OK")
        edge.ReportDeviceStates(api_pb2.ReportDeviceStatesRequest(
            deviceName="thermometer-1", deviceNamespace="default", state="online"), timeout=10)
        emit(call="ReportDeviceStates", code="OK")
        try:
            edge.ReportDeviceStatus(api_pb2.ReportDeviceStatusRequest(deviceNamespace="default"), timeout=10)
            emit(call="bad ReportDeviceStatus", code="OK")
        except grpc.RpcError as error:
            emit(call="bad ReportDeviceStatus", code=error.code().name, details=error.details())
    server.stop(None)


if __name__ == "__main__":
    main()
