package dev.berth.agent.cgroup;

import java.util.List;

/**
 * The device access of a container on cgroup v1: everything is denied, then Docker's default list is allowed, minus
 * its {@code b *:* m}. A container may mknod character devices, but never a block device, so it cannot make a node
 * for a host disk; and it may open only the devices listed.
 */
final class DeviceRules {

    static final String DENY_ALL = "a";

    static final List<String> ALLOWED = List.of(
            "c *:* m",     // mknod of any character device (opening it still needs a rule below)
            "c 1:3 rwm",   // /dev/null
            "c 1:5 rwm",   // /dev/zero
            "c 1:7 rwm",   // /dev/full
            "c 1:8 rwm",   // /dev/random
            "c 1:9 rwm",   // /dev/urandom
            "c 5:0 rwm",   // /dev/tty
            "c 5:1 rwm",   // /dev/console
            "c 5:2 rwm",   // /dev/ptmx
            "c 136:* rwm", // /dev/pts/*
            "c 10:200 rwm" // /dev/net/tun
    );

    private DeviceRules() {}
}
