/**
 * The agent's end of interactive stdio: the write end of a process's stdin pipe, the master of its pty with the relay
 * that copies the terminal's output into the log, and the slot through which clients reach whichever one a run has.
 */
@NullMarked
package dev.berth.agent.console;

import org.jspecify.annotations.NullMarked;
