/** Integration tests: real schedulers over the real PostgreSQL, driven over HTTP by simulated node agents. */
@NullMarked
package dev.berth.scheduler.it;

import org.jspecify.annotations.NullMarked;
