/**
 * Container stdio: output written straight into files by the container, an index of when each byte arrived, and the
 * reader that merges stdout and stderr back in order for {@code logs}.
 */
@NullMarked
package dev.berth.agent.stdio;

import org.jspecify.annotations.NullMarked;
