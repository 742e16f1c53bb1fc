/** The node agent's endpoints as typed calls, and the records its JSON bodies map to. */
@NullMarked
package dev.berth.cli.api;

import org.jspecify.annotations.NullMarked;
