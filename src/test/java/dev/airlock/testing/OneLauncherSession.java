package dev.airlock.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;

/** A test JVM in miniature, for checking what a run leaves behind: opens a JUnit launcher session, closes it, exits. */
public final class OneLauncherSession {
    private OneLauncherSession() {}

    public static void main(String[] args) {
        try (LauncherSession session = LauncherFactory.openSession()) {
            System.out.println("session " + session.getLauncher().getClass().getSimpleName());
        }
    }
}
