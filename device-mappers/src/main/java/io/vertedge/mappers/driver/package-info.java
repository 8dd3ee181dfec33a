/**
 * The driver SPI of the mapper framework: a {@link io.vertedge.mappers.driver.DeviceDriver} turns a
 * device's protocol {@code configData} and each property's {@code visitors.configData} (KubeEdge
 * {@code devices.kubeedge.io/v1beta1}) into asynchronous reads and writes of string values.
 */
package io.vertedge.mappers.driver;
