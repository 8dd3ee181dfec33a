/**
 * The Modbus driver (protocolName {@code modbus}) on digitalpetri's Modbus library: Modbus TCP,
 * RTU framing over TCP and Modbus RTU on a serial line (jSerialComm), reading KubeEdge's Modbus
 * {@code configData} and visitor keys (KUBEEDGE-COMPAT §6.4).
 */
package io.vertedge.mappers.modbus;
