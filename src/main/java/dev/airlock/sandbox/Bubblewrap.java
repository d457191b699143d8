package dev.airlock.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds bubblewrap and tries it once. bwrap is looked up only in system directories and must belong
 * to root and be writable by nobody else: the agent sets PATH, and a `bwrap` of its own on PATH would
 * run every confined command unconfined.
 */
public final class Bubblewrap {
    private static final List<String> SYSTEM_PATHS = List.of("/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap");
    private static final long PROBE_SECONDS = 10;

    private Bubblewrap() {}

    /** The sandbox status for a process with environment {@code env}: off, unavailable (and why), or available. */
    public static SandboxStatus detect(Map<String, String> env) {
        return fromSetting(env).orElseGet(() -> find(dev.airlock.policy.AirlockPaths.from(env).stateDir()));
    }

    /** How long a trial that worked is believed (a package removed, a sysctl changed: at most this late). */
    private static final long TRIAL_KEPT_MILLIS = 10 * 60 * 1000;

    /**
     * As {@link #find()}, believing a trial that worked in the last ten minutes on this boot, with this
     * bwrap, noted in {@code stateDir}: airlock-sh's own JVM starts once per command, and the trial is
     * 15 ms. Only success is kept: a sandbox installed or allowed takes effect at once. A forged note
     * can only make commands fail (bwrap is still run) or ask as without a sandbox.
     */
    public static SandboxStatus find(Path stateDir) {
        Path note = stateDir.resolve("sandbox/trial");
        Optional<Path> bwrap = SYSTEM_PATHS.stream().map(Path::of).filter(Files::isExecutable).findFirst();
        String want = bwrap.map(b -> stamp(b)).orElse(null);
        try {
            if (want != null && Files.isRegularFile(note)
                    && System.currentTimeMillis() - Files.getLastModifiedTime(note).toMillis() < TRIAL_KEPT_MILLIS
                    && Files.readString(note).equals(want) && untrustedReason(bwrap.get()) == null) {
                return new SandboxStatus.Available(bwrap.get());
            }
        } catch (IOException | RuntimeException e) {
            // try it instead
        }
        SandboxStatus found = find();
        if (found.available() && want != null) {
            try {
                PrivateFiles.write(note, want.getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                // the next start tries again
            }
        }
        return found;
    }

    /** This boot, this bwrap (path, size, time), this user. */
    private static String stamp(Path bwrap) {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip() + " " + bwrap + " "
                    + Files.size(bwrap) + " " + Files.getLastModifiedTime(bwrap).toMillis() + " "
                    + System.getProperty("user.name");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** What `AIRLOCK_SANDBOX` decides alone: off, or a malformed value; empty when bwrap must be tried. */
    public static Optional<SandboxStatus> fromSetting(Map<String, String> env) {
        String setting = env.getOrDefault("AIRLOCK_SANDBOX", "");
        switch (setting) {
            case "off":
                return Optional.of(new SandboxStatus.Off());
            case "", "on", "auto":
                return Optional.empty();
            default:
                return Optional.of(new SandboxStatus.Unavailable("AIRLOCK_SANDBOX=" + setting
                        + " is neither \"off\" nor \"on\"; fix the variable"));
        }
    }

    /** Finds bwrap in a system directory and tries it. */
    public static SandboxStatus find() {
        Path bwrap = null;
        for (String candidate : SYSTEM_PATHS) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                bwrap = p;
                break;
            }
        }
        if (bwrap == null) {
            return new SandboxStatus.Unavailable("bubblewrap (bwrap) is not installed; install the `bubblewrap` package");
        }
        String trusted = untrustedReason(bwrap);
        if (trusted != null) {
            return new SandboxStatus.Unavailable(trusted);
        }
        return probe(bwrap);
    }

    /** Null when {@code bwrap} and every directory above it belong to root and only root may change them. */
    static String untrustedReason(Path bwrap) {
        try {
            Path real = bwrap.toRealPath();
            for (Path p = real; p != null; p = p.getParent()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                boolean othersWrite = a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                        || a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
                if (!a.owner().getName().equals("root") || othersWrite) {
                    return real + " is not trusted: " + p + " must belong to root and be writable by root alone";
                }
            }
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot check " + bwrap + ": " + e.getMessage();
        }
    }

    /** Runs `/bin/true` in the read-only profile's namespaces: the kernel's answer, not a guess from its settings. */
    private static SandboxStatus probe(Path bwrap) {
        List<String> argv = new ArrayList<>();
        argv.add(bwrap.toString());
        argv.addAll(List.of("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
                "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--", "/bin/true"));
        Path said = null;
        try {
            // Its words go to a file, read after the wait: a pipe read first would wait past the time limit.
            said = Files.createTempFile("airlock-bwrap-trial", ".txt");
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(said.toFile()).start();
            if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new SandboxStatus.Unavailable(bwrap + " did not finish a trial run in " + PROBE_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                byte[] out = Files.readAllBytes(said);
                String words = new String(out, 0, Math.min(out.length, 4096), StandardCharsets.UTF_8).strip().replace('\n', ' ');
                return new SandboxStatus.Unavailable(bwrap + " cannot make a sandbox here (" + words + ")"
                        + UserNamespaces.advice());
            }
            return new SandboxStatus.Available(bwrap);
        } catch (IOException e) {
            return new SandboxStatus.Unavailable("cannot run " + bwrap + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SandboxStatus.Unavailable("interrupted while trying " + bwrap);
        } finally {
            if (said != null) {
                try {
                    Files.deleteIfExists(said);
                } catch (IOException e) {
                    // a few bytes in the temporary directory
                }
            }
        }
    }
}
