/**
 * The push-method SPI: every {@code reportCycle} a mapper hands each property's newest
 * {@link io.vertedge.mappers.push.Reading} to the {@link io.vertedge.mappers.push.PushTarget}s its
 * {@code pushMethod} names (KUBEEDGE-COMPAT §7.2). HTTP and MQTT live here; {@code otel} lives in
 * the otel module, on this SPI.
 */
package io.vertedge.mappers.push;
