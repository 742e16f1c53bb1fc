/**
 * Kernel calls behind the {@link dev.berth.agent.linux.Syscalls} interface: the only package that imports JNA.
 */
@NullMarked
package dev.berth.agent.linux;

import org.jspecify.annotations.NullMarked;
