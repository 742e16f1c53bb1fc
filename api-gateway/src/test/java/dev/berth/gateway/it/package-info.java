/** Integration tests: the gateway against the real PostgreSQL, with stand-in services on loopback. */
@NullMarked
package dev.berth.gateway.it;

import org.jspecify.annotations.NullMarked;
