/** Integration tests: the whole service on a loopback port over the real PostgreSQL, driven over HTTP. */
@NullMarked
package dev.berth.logs.it;

import org.jspecify.annotations.NullMarked;
