/** Integration tests of the whole agent through its HTTP API, on the real kernel, as root. */
@NullMarked
package dev.berth.agent.it;

import org.jspecify.annotations.NullMarked;
