/** The Berth node agent: it creates and runs containers on one host. */
@NullMarked
package dev.berth.agent;

import org.jspecify.annotations.NullMarked;
