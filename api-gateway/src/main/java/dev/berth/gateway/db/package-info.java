/** Transactions over the gateway's schema. */
@NullMarked
package dev.berth.gateway.db;

import org.jspecify.annotations.NullMarked;
