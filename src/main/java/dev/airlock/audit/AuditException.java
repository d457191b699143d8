package dev.airlock.audit;

/**
 * The audit log could not be written or read. The message is one line that starts with what failed
 * and names the path, so callers can print it after {@code airlock: } and refuse the command.
 */
public final class AuditException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuditException(String message) {
        super(message);
    }

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "cannot append to /path: No space left on device" from an I/O failure. */
    static AuditException of(String what, java.nio.file.Path path, Exception cause) {
        return new AuditException(what + " " + path + ": " + reason(cause), cause);
    }

    /** The short reason of an I/O failure, on one line, without Java class names where we can help it. */
    static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
        if (e instanceof java.nio.file.NotDirectoryException) return "not a directory";
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "already exists";
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) return fse.getReason();
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        return m.replace('\n', ' ').replace('\r', ' ');
    }
}
