package dev.airlock.analysis;

import dev.airlock.shell.Pos;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * `find -exec` and `xargs`: each runs a command with what it finds or reads pasted into its arguments, so the
 * command is walked with those arguments standing for the start paths, the known input, or run-time words.
 */
final class FindAndXargs {
    private final Walk walk;

    FindAndXargs(Walk walk) {
        this.walk = walk;
    }

    boolean find(Pos pos, List<Arg> args, ShellState sh, Scope scope) {
        boolean found = false;
        // `{}` stands for each file found under the start paths; read it as the start path itself,
        // so `find / -exec rm -rf {} +` is a recursive delete of `/`.
        List<Arg> starts = new ArrayList<>();
        for (Arg a : args) {
            if (a.value() != null && (a.value().startsWith("-") || a.value().equals("(") || a.value().equals("!"))) {
                break;
            }
            starts.add(a);
        }
        if (starts.isEmpty()) {
            starts.add(new Arg(".", ".", pos, false, walk.paths.classify(".", false, sh.cwd)));
        }
        for (int k = 0; k + 1 < args.size(); k++) {
            String v = args.get(k).value();
            String name = args.get(k + 1).value();
            if (name != null && ("-name".equals(v) || "-iname".equals(v))) {
                // The files found match the name pattern: `-name '.env*' -exec cat {}` reads dotenv files.
                List<Arg> named = new ArrayList<>();
                for (Arg s : starts) {
                    String p = s.value() == null ? null : s.value() + "/" + name;
                    named.add(new Arg(p, s.source() + "/" + name, s.pos(), true, walk.paths.classify(p, true, sh.cwd)));
                }
                starts = named;
                break;
            }
        }
        for (int k = 0; k < args.size(); k++) {
            Arg a = args.get(k);
            if (a.value() != null && Wrappers.FIND_EXEC.contains(a.value())) {
                int end = k + 1;
                while (end < args.size() && !(";".equals(args.get(end).value()) || "+".equals(args.get(end).value()))) {
                    end++;
                }
                List<Arg> template = args.subList(k + 1, end);
                boolean embedded = template.stream().anyMatch(x -> x.value() != null && !x.value().equals("{}")
                        && x.value().contains("{}"));
                // find pastes the file name into every word that holds `{}` (`sh -c 'cat {}'`): with such a
                // word the command is judged once for each start path standing in for the names found, and
                // as a command built at run time, since a file name pasted into code is code.
                if (embedded) {
                    Arg word = template.stream().filter(x -> x.value() != null && x.value().contains("{}")).findFirst().get();
                    walk.unwrapper.emitDynamic(pos, word, List.of(), sh, scope.with(Invocation.Origin.FIND_EXEC, "find"));
                }
                List<Arg> each = embedded ? starts.subList(0, Math.min(starts.size(), ControlFlow.MAX_LOOP_ITEMS)) : List.of();
                for (Arg start : each) {
                    List<Arg> argv = new ArrayList<>();
                    for (Arg x : template) {
                        boolean pasted = x.value() != null && x.value().contains("{}");
                        argv.add(!pasted ? x : start.value() == null ? new Arg(null, x.source(), x.pos(), false,
                                Set.of(PathClass.UNKNOWN)) : new Arg(x.value().replace("{}", start.value()), x.source(),
                                x.pos(), start.glob(), walk.paths.classify(x.value().replace("{}", start.value()),
                                start.glob(), sh.cwd)));
                    }
                    walk.commands.command(pos, argv, List.of(), List.of(), new ShellState(null),
                            scope.with(Invocation.Origin.FIND_EXEC, "find"), true, null);
                    found = true;
                }
                List<Arg> argv = new ArrayList<>();
                for (Arg x : template) {
                    if ("{}".equals(x.value())) {
                        argv.addAll(starts);
                    } else {
                        argv.add(x);
                    }
                }
                if (!embedded && !argv.isEmpty()) {
                    walk.commands.command(pos, argv, List.of(), List.of(), new ShellState(null),
                            scope.with(Invocation.Origin.FIND_EXEC, "find"), true, null);
                    found = true;
                }
                k = end;
            }
        }
        return found;
    }

    boolean xargs(Pos pos, List<Arg> args, ShellState sh, Scope scope, String stdinText) {
        String replace = null;
        boolean plainInput = true;
        int commandStart = args.size();
        for (int k = 0; k < args.size(); ) {
            Arg a = args.get(k);
            if (a.dynamic()) {
                walk.unwrapper.emitDynamic(pos, a, List.of(), sh, scope.with(Invocation.Origin.XARGS, "xargs"));
                return true;
            }
            String v = a.value();
            if (v.equals("--")) {
                commandStart = k + 1;
                break;
            }
            if (!v.startsWith("-") || v.length() == 1) {
                commandStart = k;
                break;
            }
            Options.Read read = Options.read(args, k, Wrappers.XARGS_VALUE_OPTIONS, Wrappers.XARGS_OPTIONAL_VALUE);
            for (Options.Opt o : read.options()) {
                plainInput &= !Set.of("-0", "--null", "-d", "--delimiter", "-a", "--arg-file", "-E", "-e", "--eof")
                        .contains(o.name());
                if (o.name().equals("-I") || o.name().equals("-i") || o.name().equals("--replace")) {
                    // each input line is pasted where the replace string stands; a run-time one could be anywhere
                    replace = o.value() != null ? o.value() : o.arg() != null ? "" : "{}";
                }
            }
            k = read.next();
        }
        if (commandStart >= args.size()) {
            return true; // no command: xargs runs echo
        }
        List<Arg> argv = new ArrayList<>(args.subList(commandStart, args.size()));
        if (replace != null) {
            // Each input line is pasted into the arguments: those words are only known at run time.
            for (int k = 0; k < argv.size(); k++) {
                Arg x = argv.get(k);
                if (x.value() != null && (replace.isEmpty() || x.value().contains(replace))) {
                    argv.set(k, new Arg(null, x.source(), x.pos(), false, Set.of(PathClass.UNKNOWN)));
                }
            }
        }
        if (argv.get(0).dynamic()) {
            walk.unwrapper.emitDynamic(pos, argv.get(0), List.of(), sh, scope.with(Invocation.Origin.XARGS, "xargs"));
            return true;
        }
        if (stdinText != null && replace == null && plainInput && !stdinText.matches("(?s).*['\"\\\\].*")) {
            // `echo .env | xargs cat`: the input is known, so are the arguments xargs adds
            for (String token : stdinText.strip().split("\\s+")) {
                if (!token.isEmpty()) {
                    argv.add(new Arg(token, token, pos, false, walk.paths.classify(token, false, sh.cwd)));
                }
            }
            walk.commands.command(pos, argv, List.of(), List.of(), sh, scope.with(Invocation.Origin.XARGS, "xargs"), false,
                    null);
            return true;
        }
        walk.commands.command(pos, argv, List.of(), List.of(), sh, scope.with(Invocation.Origin.XARGS, "xargs"), true, null);
        return true;
    }
}
