/** API tokens: their format, their hashed storage and their scopes. */
@NullMarked
package dev.berth.gateway.token;

import org.jspecify.annotations.NullMarked;
