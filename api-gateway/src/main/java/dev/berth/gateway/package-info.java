/** The API gateway: the one public entry point, in front of the scheduler, the registry, log-service and the agents. */
@NullMarked
package dev.berth.gateway;

import org.jspecify.annotations.NullMarked;
