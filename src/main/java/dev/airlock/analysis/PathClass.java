package dev.airlock.analysis;

/** What a path argument points at, as far as a static reading can tell. A path may have several. */
public enum PathClass {
    /** `/` itself. */
    ROOT,
    /** The user's home directory itself. */
    HOME,
    /** Somewhere under the home directory, outside the workspace. */
    IN_HOME,
    /** The workspace root itself (the git top level, or the starting directory). */
    WORKSPACE_ROOT,
    /** Inside the workspace. */
    WORKSPACE,
    /** A `.git` directory or something inside one. */
    GIT_DIR,
    /** Credentials and keys: `.env*`, `~/.ssh`, `~/.aws`, `*.pem`, ... */
    SECRET,
    /** Shell history files. */
    HISTORY,
    /** Airlock's own policy, audit log, socket and installation. */
    AIRLOCK,
    /** A device node such as `/dev/sda`. */
    DEVICE,
    /** `/dev/tcp/HOST/PORT` and `/dev/udp/...`: bash opens a network connection. */
    NET_SOCKET,
    /** `/dev/null`, `/dev/stdout`, `/dev/stderr`, `/dev/tty`, `/dev/fd/N`: not files. */
    STANDARD_STREAM,
    /** Operating-system directories: `/etc`, `/usr`, `/bin`, `/boot`, `/var`, ... */
    SYSTEM,
    /** The directory itself of a system tree (`/etc`, `/usr`), not something inside it. */
    SYSTEM_ROOT,
    /** `/tmp`, `/var/tmp` and below. */
    TEMP,
    /** Shell start-up files such as `~/.bashrc`, `~/.profile`. */
    SHELL_STARTUP,
    /** Anywhere else. */
    OUTSIDE,
    /** The path cannot be resolved statically (dynamic parts, unknown directory). */
    UNKNOWN
}
