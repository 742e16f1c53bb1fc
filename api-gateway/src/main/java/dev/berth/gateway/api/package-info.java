/** The HTTP surface of the gateway itself: the admin API, the registry token endpoint, and problem details. */
@NullMarked
package dev.berth.gateway.api;

import org.jspecify.annotations.NullMarked;
