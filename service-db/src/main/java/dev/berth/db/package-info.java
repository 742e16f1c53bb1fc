/**
 * Plain JDBC over a service's schema, shared by the PostgreSQL-backed services: transactions, failures sorted into
 * "unreachable" and the rest, and transaction-scoped advisory locks. No framework: each service wires it up and
 * turns failures into its own exceptions.
 */
@NullMarked
package dev.berth.db;

import org.jspecify.annotations.NullMarked;
