/**
 * The cloud's device API and DeviceController (docs/devices.md, "The API").
 *
 * <p>{@link io.vertedge.cloud.devices.DeviceRegistry} keeps devicemodels, devices and
 * devicestatuses durable in the cloud's state store (written through the state log) and in
 * memory, on one context so that each write's check-and-set is atomic, with one resourceVersion
 * counter and a bounded history for watches. {@link io.vertedge.cloud.devices.DeviceRoutes}
 * serves them as the Kubernetes apiserver serves custom resources, and
 * {@link io.vertedge.cloud.devices.DeviceController} sends each node its devices and their
 * models through reliable delivery.
 */
package io.vertedge.cloud.devices;
