/** Search over repository names, with each match's tags, sizes and last push. */
@NullMarked
package dev.berth.registry.search;

import org.jspecify.annotations.NullMarked;
