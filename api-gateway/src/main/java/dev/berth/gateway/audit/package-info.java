/** The audit log: every authenticated mutating call, written behind the request so that it never holds one up. */
@NullMarked
package dev.berth.gateway.audit;

import org.jspecify.annotations.NullMarked;
