/**
 * Device telemetry both sides publish on {@code /metrics} (docs/metrics.md): the latest numeric
 * property values as a gauge, and the time a twin change takes to become durable.
 */
package io.vertedge.devices.telemetry;
