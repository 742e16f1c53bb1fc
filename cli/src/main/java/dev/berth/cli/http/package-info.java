/** The HTTP transport to the node agent: where it is, how requests go out, and how its problem details come back as errors. */
@NullMarked
package dev.berth.cli.http;

import org.jspecify.annotations.NullMarked;
