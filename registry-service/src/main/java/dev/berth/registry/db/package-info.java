/**
 * The registry's side of the shared JDBC plumbing ({@code dev.berth.db}): its failures, and the advisory lock that
 * keeps collection apart from pushes.
 */
@NullMarked
package dev.berth.registry.db;

import org.jspecify.annotations.NullMarked;
