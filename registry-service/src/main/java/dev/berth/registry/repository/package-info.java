/** Repositories: their rows, and content discovery (the catalog and tag lists), page by page. */
@NullMarked
package dev.berth.registry.repository;

import org.jspecify.annotations.NullMarked;
