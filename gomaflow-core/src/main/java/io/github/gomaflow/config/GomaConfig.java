package io.github.gomaflow.config;

/**
 * A whole, validated configuration: GomalizingFlow's sections {@code [config] [device] [training]
 * [physical] [model]}.
 *
 * @param name    the configuration's name (its file name without {@code .toml}); names the result directory
 * @param version {@code config.version}
 */
public record GomaConfig(String name, String version, DeviceParams device, TrainingParams training,
                         PhysicalParams physical, ModelParams model) {}
