/**
 * The read cache: the scheduler's answers to the tenants' reads of their apps, kept in memory while the scheduler's
 * change feed says nothing has changed. {@link dev.berth.gateway.cache.ReadCache} holds them,
 * {@link dev.berth.gateway.cache.SchedulerChanges} follows the feed, {@link dev.berth.gateway.cache.ReadCacheFilter}
 * serves and fills them.
 */
@NullMarked
package dev.berth.gateway.cache;

import org.jspecify.annotations.NullMarked;
