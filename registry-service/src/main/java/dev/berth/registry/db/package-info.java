/** Plain JDBC over the registry's schema: transactions, and the lock that keeps collection apart from pushes. */
@NullMarked
package dev.berth.registry.db;

import org.jspecify.annotations.NullMarked;
