/** Integration tests: the whole registry on a random port, over a real PostgreSQL, driven over HTTP and by skopeo. */
@NullMarked
package dev.berth.registry.it;

import org.jspecify.annotations.NullMarked;
