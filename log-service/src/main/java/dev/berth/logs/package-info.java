/** log-service: keeps container output sent by node agents and serves it back. */
@NullMarked
package dev.berth.logs;

import org.jspecify.annotations.NullMarked;
