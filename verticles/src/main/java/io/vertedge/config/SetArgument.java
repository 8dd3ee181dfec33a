package io.vertedge.config;

/** One {@code --set key=value}; the value may itself contain {@code =}. */
record SetArgument(String key, String value) {

  static SetArgument parse(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException("config: --set " + Units.quote(text) + ": expected KEY=VALUE (e.g. link.heartbeatInterval=5s)");
    }
    return new SetArgument(text.substring(0, eq).strip(), text.substring(eq + 1));
  }
}
