/** The benchmark of the service's data path, a plain Java main run against a running service (bench/lib/logs-service.sh). */
@NullMarked
package dev.berth.logs.bench;

import org.jspecify.annotations.NullMarked;
