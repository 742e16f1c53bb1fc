/** The Berth registry service: the OCI Distribution API over a content-addressed blob store and PostgreSQL. */
@NullMarked
package dev.berth.registry;

import org.jspecify.annotations.NullMarked;
