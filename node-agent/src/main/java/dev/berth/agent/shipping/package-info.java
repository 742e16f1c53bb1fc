/**
 * Shipping container output to log-service. The containers' log files and arrival indexes are the spool; what is
 * acknowledged is remembered per stream in a small file beside them. Removed containers' logs wait in
 * {@code stateDir/log-spool/<id>/} until they are shipped.
 */
@NullMarked
package dev.berth.agent.shipping;

import org.jspecify.annotations.NullMarked;
