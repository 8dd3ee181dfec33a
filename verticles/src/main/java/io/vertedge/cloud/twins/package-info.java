/**
 * The cloud's side of device twins (docs/devices.md, "Twins").
 *
 * <p>{@link io.vertedge.cloud.twins.TwinService} serves the twin routes of the cloud API
 * ({@code .../devices/{name}/twins}, {@code .../twins/{property}/desired}): a desired value is a
 * check-and-set write of the device in the {@link io.vertedge.cloud.devices.DeviceRegistry}, which
 * the DeviceController sends to the device's node, and each desired value carries the version of
 * the write that last changed it. It also writes what edges report of their devices (twins,
 * state, last online time) into both status layouts, {@code Device.status} and the
 * {@code DeviceStatus} of the same name, heard only from the device's own node.
 */
package io.vertedge.cloud.twins;
