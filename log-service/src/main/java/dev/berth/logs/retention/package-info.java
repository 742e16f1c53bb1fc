/** Retention: whole day partitions dropped once every tenant's retention has passed them, and per-tenant trims. */
@NullMarked
package dev.berth.logs.retention;

import org.jspecify.annotations.NullMarked;
