/** gomaflow config. */
package io.github.gomaflow.config;
