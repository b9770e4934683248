/**
 * Configuration: GomalizingFlow-format TOML files ({@code [config] [device] [training] [physical] [model]})
 * read by {@link io.github.gomaflow.config.ConfigLoader} into validated records
 * ({@link io.github.gomaflow.config.GomaConfig} and its sections) and written back, resolved, by
 * {@link io.github.gomaflow.config.ConfigWriter}. The Julia-syntax strings of {@code prior}, {@code opt}
 * and {@code lr_scheduler} are parsed by a small grammar (JuliaSyntax, SpecParser) and never evaluated.
 * Every default lives in {@link io.github.gomaflow.config.Defaults}.
 */
package io.github.gomaflow.config;
