/** Rolling updates as a pure state machine: which replicas to start and stop next, and when to give up and roll back. */
@NullMarked
package dev.berth.scheduler.rollout;

import org.jspecify.annotations.NullMarked;
