package dev.berth.cli.it;

import java.nio.file.Path;

/**
 * The image every test runs containers from, imported once as deploy/up.sh imports it.
 *
 * @param reference its name in the agent
 * @param rootfsTar the tar it was imported from, for tests that import it again under another name
 */
record BaseImage(String reference, Path rootfsTar) {
}
