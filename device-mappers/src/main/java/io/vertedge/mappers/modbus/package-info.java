/**
 * The Modbus TCP driver (protocolName {@code modbus}) on digitalpetri's Modbus library, reading
 * KubeEdge's Modbus {@code configData} and visitor keys (KUBEEDGE-COMPAT §6.4).
 */
package io.vertedge.mappers.modbus;
