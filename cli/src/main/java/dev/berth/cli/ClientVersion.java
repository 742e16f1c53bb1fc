package dev.berth.cli;

/** The CLI's own version, from the jar's manifest; a build run from classes (tests) has none and says so. */
public final class ClientVersion {

    private ClientVersion() {
    }

    public static String current() {
        String version = ClientVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : "unknown (not built as a jar)";
    }
}
