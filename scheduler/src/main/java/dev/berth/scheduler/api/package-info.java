/** The HTTP edge: the tenant-facing API, the node agents' internal API and RFC 9457 problem details. */
@NullMarked
package dev.berth.scheduler.api;

import org.jspecify.annotations.NullMarked;
