/** The user's own settings: {@code ~/.berth/config.json}, with the host the CLI talks to and the token it presents. */
@NullMarked
package dev.berth.cli.config;

import org.jspecify.annotations.NullMarked;
