package io.vertedge.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * JVM metrics read from the platform MXBeans by asynchronous instruments, named after the
 * OpenTelemetry JVM semantic conventions. Written here rather than taken from the OTel
 * runtime-telemetry library, whose SDK version does not converge with ours.
 *
 * <p>Prometheus names: {@code jvm_memory_used_bytes}, {@code jvm_memory_committed_bytes},
 * {@code jvm_memory_limit_bytes} (labels {@code jvm_memory_type}, {@code jvm_memory_pool_name}),
 * {@code jvm_gc_collections_total}, {@code jvm_gc_duration_seconds_total} (label
 * {@code jvm_gc_name}), {@code jvm_thread_count}, {@code jvm_class_count},
 * {@code jvm_cpu_count}, {@code process_cpu_time_seconds_total}.
 */
final class JvmMetrics {

  static final AttributeKey<String> MEMORY_TYPE = AttributeKey.stringKey("jvm.memory.type");
  static final AttributeKey<String> POOL_NAME = AttributeKey.stringKey("jvm.memory.pool.name");
  static final AttributeKey<String> GC_NAME = AttributeKey.stringKey("jvm.gc.name");

  private JvmMetrics() { }

  static void register(Meter meter) {
    List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    memory(meter, pools, "jvm.memory.used", "Memory used by the pool", MemoryUsage::getUsed);
    memory(meter, pools, "jvm.memory.committed", "Memory committed for the pool", MemoryUsage::getCommitted);
    memory(meter, pools, "jvm.memory.limit", "Maximum memory the pool may use", MemoryUsage::getMax);
    garbageCollection(meter, ManagementFactory.getGarbageCollectorMXBeans());
    threadsAndClasses(meter);
    processCpu(meter, ManagementFactory.getOperatingSystemMXBean());
  }

  private static void memory(Meter meter, List<MemoryPoolMXBean> pools, String name, String description,
                             ToLongFunction<MemoryUsage> value) {
    meter.upDownCounterBuilder(name).setUnit("By").setDescription(description)
        .buildWithCallback(m -> {
          for (MemoryPoolMXBean pool : pools) {
            MemoryUsage usage = pool.getUsage();
            long v = usage == null ? -1 : value.applyAsLong(usage);
            if (v >= 0) { // -1 means undefined (e.g. no limit)
              m.record(v, poolAttributes(pool));
            }
          }
        });
  }

  private static Attributes poolAttributes(MemoryPoolMXBean pool) {
    String type = pool.getType() == MemoryType.HEAP ? "heap" : "non_heap";
    return Attributes.of(MEMORY_TYPE, type, POOL_NAME, pool.getName());
  }

  private static void garbageCollection(Meter meter, List<GarbageCollectorMXBean> collectors) {
    meter.counterBuilder("jvm.gc.collections").setUnit("{collection}")
        .setDescription("Garbage collections since the JVM started")
        .buildWithCallback(m -> collectors.forEach(gc ->
            m.record(Math.max(0, gc.getCollectionCount()), Attributes.of(GC_NAME, gc.getName()))));
    meter.counterBuilder("jvm.gc.duration").ofDoubles().setUnit("s")
        .setDescription("Time spent in garbage collection since the JVM started")
        .buildWithCallback(m -> collectors.forEach(gc ->
            m.record(Math.max(0, gc.getCollectionTime()) / 1000.0, Attributes.of(GC_NAME, gc.getName()))));
  }

  private static void threadsAndClasses(Meter meter) {
    var threads = ManagementFactory.getThreadMXBean();
    meter.upDownCounterBuilder("jvm.thread.count").setUnit("{thread}")
        .setDescription("Live platform threads")
        .buildWithCallback(m -> m.record(threads.getThreadCount()));
    var classes = ManagementFactory.getClassLoadingMXBean();
    meter.upDownCounterBuilder("jvm.class.count").setUnit("{class}")
        .setDescription("Classes currently loaded")
        .buildWithCallback(m -> m.record(classes.getLoadedClassCount()));
    meter.upDownCounterBuilder("jvm.cpu.count").setUnit("{cpu}")
        .setDescription("Processors available to the JVM")
        .buildWithCallback(m -> m.record(Runtime.getRuntime().availableProcessors()));
  }

  private static void processCpu(Meter meter, OperatingSystemMXBean os) {
    // the process CPU time is only on the com.sun.management extension (HotSpot, OpenJ9)
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      meter.counterBuilder("process.cpu.time").ofDoubles().setUnit("s")
          .setDescription("CPU time used by the process")
          .buildWithCallback(m -> {
            long nanos = sun.getProcessCpuTime();
            if (nanos >= 0) {
              m.record(nanos / 1e9);
            }
          });
    }
  }
}
