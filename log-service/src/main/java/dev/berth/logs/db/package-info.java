/** Plain JDBC over the service's schema: transactions, and failures sorted into "unreachable" and the rest. */
@NullMarked
package dev.berth.logs.db;

import org.jspecify.annotations.NullMarked;
