package dev.airlock.integrations;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * `airlock setup AGENT`: shows the change, makes it with apply (backup first, then an atomic
 * replace), takes it out with undo. Applying twice changes nothing the second time, and never
 * overwrites the backup with airlock's own settings.
 */
public final class Setup {
    public static final String BACKUP_SUFFIX = ".airlock-backup";

    private final PrintWriter out;

    public Setup(PrintWriter out) {
        this.out = out;
    }

    public static Path backupOf(Path target) {
        return target.resolveSibling(target.getFileName() + BACKUP_SUFFIX);
    }

    /** Prints what apply would change; changes nothing. */
    public void show(Guard guard) throws ConfigException {
        Planned p = plan(guard);
        if (p.changes().isEmpty()) {
            out.println("  " + p.target() + ": already set, nothing to change");
            return;
        }
        printChanges(p);
        if (p.text().isPresent()) {
            out.println("  backup: " + backupOf(p.target()) + " (the file as it is now)");
        }
        out.println("Nothing was changed. To make this change: airlock setup " + guard.agent().id() + " --apply"
                + hookFlag(guard));
    }

    /** Makes the change; returns whether anything changed. */
    public boolean apply(Guard guard) throws ConfigException {
        Planned p = plan(guard);
        if (p.changes().isEmpty()) {
            out.println("  " + p.target() + ": already set, nothing changed");
            return false;
        }
        String updated = guard.edit().apply(p.text());
        printChanges(p);
        if (p.text().isPresent()) {
            ConfigFiles.write(backupOf(p.target()), p.text().get());
            out.println("  backup: " + backupOf(p.target()));
        }
        ConfigFiles.write(p.target(), updated);
        String when = guard.edit() instanceof ShellFunction ? " started from a new shell (or after `source " + p.target() + "`)" : "";
        out.println("Changed " + p.target() + ". New " + guard.agent().title() + " sessions" + when
                + " are guarded. To undo: airlock setup " + guard.agent().id() + " --undo");
        return true;
    }

    /** The file setup writes (a symlink's target), its text now, and what apply would change. */
    private record Planned(Path target, Optional<String> text, List<Change> changes) {}

    private Planned plan(Guard guard) throws ConfigException {
        Path target = ConfigFiles.target(guard.edit().file());
        Optional<String> text = ConfigFiles.read(target);
        List<Change> changes = guard.edit().plan(text);
        header(guard);
        return new Planned(target, text, changes);
    }

    /**
     * Takes airlock's settings out. A file untouched since apply gets its backup back byte for byte;
     * one changed since keeps those changes and loses only airlock's keys. {@code applied}: the edits
     * setup may have made (with and without options), to recognise an untouched file.
     */
    public boolean undo(Guard guard, List<Edit> applied) throws ConfigException {
        Path target = ConfigFiles.target(guard.edit().file());
        Path backupFile = backupOf(target);
        Optional<String> text = ConfigFiles.read(target);
        Optional<String> backup = ConfigFiles.read(backupFile);
        out.println(guard.agent().title() + ": undo " + guard.mechanism());
        Undone undone = guard.edit().undo(text, backup);
        if (undone.changes().isEmpty()) {
            out.println("  " + target + ": nothing of airlock's here, nothing changed");
            return false;
        }
        for (Change c : undone.changes()) {
            out.println("    " + c.describe());
        }
        Optional<String> result = undone.text();
        if (text.isPresent() && untouched(text.get(), backup, applied)) {
            result = backup;
            out.println("  " + target + " is as airlock left it: restored from " + (backup.isPresent() ? backupFile : "nothing (it did not exist)"));
        }
        if (result.isPresent()) {
            ConfigFiles.write(target, result.get());
        } else {
            ConfigFiles.delete(target);
            out.println("  removed " + target + " (airlock had created it)");
        }
        ConfigFiles.delete(backupFile);
        out.println("Done. New " + guard.agent().title() + " sessions run without airlock.");
        return true;
    }

    /** True when {@code text} is exactly what one of the ways setup applies makes of the backup. */
    private static boolean untouched(String text, Optional<String> backup, List<Edit> applied) throws ConfigException {
        for (Edit e : applied) {
            if (text.equals(e.apply(backup))) {
                return true;
            }
        }
        return false;
    }

    private void header(Guard guard) {
        out.println(guard.agent().title() + ": guard its shell with airlock-sh (" + guard.mechanism() + ")");
        for (String n : guard.notes()) {
            out.println("  " + n);
        }
    }

    private void printChanges(Planned p) {
        out.println("  " + p.target() + (p.text().isPresent() ? "" : " (new file)") + ":");
        for (Change c : p.changes()) {
            out.println("    " + c.describe());
        }
    }

    private static String hookFlag(Guard guard) {
        return guard.edit() instanceof JsonEdit j && j.ops().size() > 1 ? " --hook" : "";
    }
}
