package dev.airlock.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Catches SIGINT, SIGTERM, SIGHUP and SIGQUIT so they can be passed on to the real shell (or end a
 * wait for approval) instead of killing the JVM and orphaning the command. Uses sun.misc.Signal,
 * the only signal API the JDK has; a signal the JVM reserves is skipped.
 */
@SuppressWarnings("removal")
public final class Signals {
    static final String[] FORWARDED = {"INT", "TERM", "HUP", "QUIT"};

    private Signals() {}

    /** Installs {@code handler}, called with the signal number, for each forwarded signal. */
    public static List<String> install(IntConsumer handler) {
        List<String> installed = new ArrayList<>();
        for (String name : FORWARDED) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> handler.accept(s.getNumber()));
                installed.add(name);
            } catch (IllegalArgumentException e) {
                // reserved by the JVM (QUIT without -Xrs): left to the JVM
            }
        }
        return installed;
    }

    public static String name(int number) {
        return switch (number) {
            case 1 -> "HUP";
            case 2 -> "INT";
            case 3 -> "QUIT";
            case 15 -> "TERM";
            default -> Integer.toString(number);
        };
    }
}
