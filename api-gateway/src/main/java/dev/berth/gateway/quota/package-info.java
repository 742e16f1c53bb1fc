/** Quotas per tenant: their limits, the demand of a tenant's apps and images, and whether a change still fits. */
@NullMarked
package dev.berth.gateway.quota;

import org.jspecify.annotations.NullMarked;
