/** The internal token: the shared secret that the services behind the gateway require of every caller. */
@NullMarked
package dev.berth.internalauth;

import org.jspecify.annotations.NullMarked;
