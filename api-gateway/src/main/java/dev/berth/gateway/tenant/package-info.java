/** Tenants: the unit every request is scoped to, and the principals (users, service accounts) within them. */
@NullMarked
package dev.berth.gateway.tenant;

import org.jspecify.annotations.NullMarked;
