/** Reading Docker's multiplexed log and attach framing into separate stdout and stderr streams. */
@NullMarked
package dev.berth.cli.stream;

import org.jspecify.annotations.NullMarked;
