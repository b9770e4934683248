package io.github.gomaflow.config;

/** GomalizingFlow's {@code [device]} section: −1 = CPU; a GPU id is accepted and runs on the CPU. */
public record DeviceParams(int deviceId) {}
