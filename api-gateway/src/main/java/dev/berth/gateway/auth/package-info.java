/** Who is calling: credentials to a caller, the scope each request needs, and the per-token rate limit. */
@NullMarked
package dev.berth.gateway.auth;

import org.jspecify.annotations.NullMarked;
