/** A service's desired container: the spec as submitted, its strict reading and validation, with the field named in every error. */
@NullMarked
package dev.berth.scheduler.spec;

import org.jspecify.annotations.NullMarked;
