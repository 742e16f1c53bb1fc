/** Plain JDBC over the service's schema: transactions, and failures sorted into "unreachable" and the rest. */
@NullMarked
package dev.berth.scheduler.db;

import org.jspecify.annotations.NullMarked;
