/**
 * The change feed: PostgreSQL notifies at commit whenever what the tenant API reads changes (migration V4), and
 * {@link dev.berth.scheduler.changes.ChangeFeed} passes each notification on to its subscribers, the gateways'
 * read caches.
 */
@NullMarked
package dev.berth.scheduler.changes;

import org.jspecify.annotations.NullMarked;
