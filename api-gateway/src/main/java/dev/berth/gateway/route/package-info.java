/** Where requests go: the routes to the services, with the caller's tenant set on each request. */
@NullMarked
package dev.berth.gateway.route;

import org.jspecify.annotations.NullMarked;
