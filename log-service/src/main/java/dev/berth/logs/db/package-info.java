/**
 * The service's side of the shared JDBC plumbing ({@code dev.berth.db}): its failures, sorted into "unreachable" and
 * the rest and answered as the service's own errors.
 */
@NullMarked
package dev.berth.logs.db;

import org.jspecify.annotations.NullMarked;
