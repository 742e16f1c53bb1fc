/** The scheduler's view of the cluster, as the cluster verbs read it: apps, services, replicas, versions and nodes. */
@NullMarked
package dev.berth.cli.cluster;

import org.jspecify.annotations.NullMarked;
