/** The api-gateway's own API as typed calls: who a token is, tenants, and API tokens. */
@NullMarked
package dev.berth.cli.gateway;

import org.jspecify.annotations.NullMarked;
