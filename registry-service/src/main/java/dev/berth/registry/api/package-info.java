/**
 * The HTTP surface only: {@code /v2/} (the OCI Distribution API, errors in its {@code {"errors":[...]}} form) and
 * {@code /api/v1} (search and garbage collection, errors as problem details). Handlers parse, call the core off the
 * event loop, and translate.
 */
@NullMarked
package dev.berth.registry.api;

import org.jspecify.annotations.NullMarked;
