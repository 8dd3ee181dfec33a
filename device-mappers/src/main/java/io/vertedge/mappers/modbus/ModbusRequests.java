package io.vertedge.mappers.modbus;

import com.digitalpetri.modbus.client.ModbusClient;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** The Modbus function for each register table: FC 1–4 to read, FC 5, 6 or 16 to write. */
final class ModbusRequests {

  private ModbusRequests() {
  }

  static Function<ModbusClient, CompletionStage<String>> read(int unit, ModbusPoint point) {
    int address = point.address();
    int count = point.count();
    return client -> switch (point.register()) {
      case COIL -> client.readCoilsAsync(unit, new ReadCoilsRequest(address, 1))
          .thenApply(response -> RegisterCodec.decodeBit(point, (response.coils()[0] & 1) != 0));
      case DISCRETE_INPUT -> client.readDiscreteInputsAsync(unit, new ReadDiscreteInputsRequest(address, 1))
          .thenApply(response -> RegisterCodec.decodeBit(point, (response.inputs()[0] & 1) != 0));
      case HOLDING -> client.readHoldingRegistersAsync(unit, new ReadHoldingRegistersRequest(address, count))
          .thenApply(response -> RegisterCodec.decode(point, response.registers()));
      case INPUT -> client.readInputRegistersAsync(unit, new ReadInputRegistersRequest(address, count))
          .thenApply(response -> RegisterCodec.decode(point, response.registers()));
    };
  }

  /** Encodes first, so that a value the registers cannot hold fails before anything is sent. */
  static Function<ModbusClient, CompletionStage<Void>> write(int unit, ModbusPoint point, String value) {
    if (point.register() == RegisterType.COIL) {
      String canonical = point.property().type().canonical(point.property().valueField(), value);
      WriteSingleCoilRequest request = new WriteSingleCoilRequest(point.address(), RegisterCodec.encodeBit(point, canonical));
      return client -> client.writeSingleCoilAsync(unit, request).thenAccept(response -> { });
    }
    byte[] registers = RegisterCodec.encode(point, value);
    if (point.count() == 1) {
      WriteSingleRegisterRequest request = new WriteSingleRegisterRequest(point.address(), ((registers[0] & 0xFF) << 8) | (registers[1] & 0xFF));
      return client -> client.writeSingleRegisterAsync(unit, request).thenAccept(response -> { });
    }
    WriteMultipleRegistersRequest request = new WriteMultipleRegistersRequest(point.address(), point.count(), registers);
    return client -> client.writeMultipleRegistersAsync(unit, request).thenAccept(response -> { });
  }
}
