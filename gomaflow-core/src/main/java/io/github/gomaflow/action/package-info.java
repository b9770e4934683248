/** gomaflow action. */
package io.github.gomaflow.action;
