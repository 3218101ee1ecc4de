package dev.parity.spark;

import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Parity's Spark plugin ({@code spark.plugins}, set by {@link ParitySpark#session}): the channel
 * over which each executor reports its model loads to the driver ({@link ModelLoads}).
 */
public final class ParityPlugin implements SparkPlugin {

  /** Creates the plugin; Spark does, on the driver and on every executor. */
  public ParityPlugin() {}

  @Override
  public DriverPlugin driverPlugin() {
    return new DriverPlugin() {
      @Override
      public Map<String, String> init(SparkContext sc, PluginContext context) {
        ModelLoads.listen(sc);
        return Map.of();
      }

      @Override
      public Object receive(Object message) {
        if (message instanceof ModelLoads.Report r) {
          ModelLoads.received(r);
        }
        return Boolean.TRUE;
      }
    };
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext context, Map<String, String> extraConf) {
        ModelLoads.connect(context);
      }

      @Override
      public void shutdown() {
        ModelLoads.disconnect();
      }
    };
  }
}
