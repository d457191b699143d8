package dev.airlock.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments airlock-sh received, read the way bash reads them: options (bundles such as `-lc`,
 * `-o OPT`, `+O shopt`, long options), the command string after `-c` (the first non-option
 * argument, wherever `-c` stood), and the rest as `$0 $1 ...`. The options are kept as given so
 * the real shell receives them unchanged.
 */
public record ShellArgs(List<String> options, String command, boolean commandMode, boolean readStdin,
        List<String> positional, boolean version, boolean help, boolean interactive) {

    private static final String SHORT = "abefhkmnptuvxBCEHPTcilrsD";
    private static final List<String> LONG_FLAGS = List.of("--login", "--noprofile", "--norc", "--posix",
            "--restricted", "--verbose", "--debugger", "--noediting", "--dump-strings", "--dump-po-strings",
            "--pretty-print", "--protected", "--wordexp");
    private static final List<String> LONG_WITH_VALUE = List.of("--rcfile", "--init-file");

    /** A usage error, with the message bash would give (exit status 2). */
    public static final class UsageError extends Exception {
        public UsageError(String message) {
            super(message, null, false, false);
        }
    }

    public static ShellArgs parse(List<String> argv) throws UsageError {
        List<String> options = new ArrayList<>();
        boolean commandMode = false;
        boolean readStdin = false;
        boolean version = false;
        boolean help = false;
        boolean interactive = false;
        int k = 0;
        for (; k < argv.size(); k++) {
            String a = argv.get(k);
            if (a.equals("--") || a.equals("-")) {
                options.add(a);
                k++;
                break;
            }
            if (a.startsWith("--")) {
                if (a.equals("--version")) {
                    version = true;
                } else if (a.equals("--help")) {
                    help = true;
                } else if (LONG_WITH_VALUE.contains(a)) {
                    if (k + 1 >= argv.size()) {
                        throw new UsageError(a + ": option requires an argument");
                    }
                    options.add(a);
                    options.add(argv.get(++k));
                    continue;
                } else if (!LONG_FLAGS.contains(a)) {
                    throw new UsageError(a + ": invalid option");
                }
                options.add(a);
                continue;
            }
            if ((a.startsWith("-") || a.startsWith("+")) && a.length() > 1) {
                options.add(a);
                for (int c = 1; c < a.length(); c++) {
                    char ch = a.charAt(c);
                    if (ch == 'o' || ch == 'O') {
                        // bash takes the option name from the next argument; alone it lists the options.
                        if (k + 1 < argv.size() && !argv.get(k + 1).startsWith("-") && !argv.get(k + 1).startsWith("+")) {
                            options.add(argv.get(++k));
                        }
                        continue;
                    }
                    if (SHORT.indexOf(ch) < 0) {
                        throw new UsageError(a.charAt(0) + String.valueOf(ch) + ": invalid option");
                    }
                    if (a.charAt(0) == '-') {
                        commandMode |= ch == 'c';
                        readStdin |= ch == 's';
                        interactive |= ch == 'i';
                    }
                }
                continue;
            }
            break;
        }
        List<String> rest = new ArrayList<>(argv.subList(Math.min(k, argv.size()), argv.size()));
        String command = null;
        if (commandMode) {
            if (rest.isEmpty()) {
                throw new UsageError("-c: option requires an argument");
            }
            command = rest.remove(0);
        }
        return new ShellArgs(List.copyOf(options), command, commandMode, readStdin, List.copyOf(rest), version, help,
                interactive);
    }

    /** The argv for the real shell: the same options, the (possibly unwrapped) command, then `$0 $1 ...`. */
    public List<String> realArgv(String realShell, String commandText) {
        List<String> out = new ArrayList<>();
        out.add(realShell);
        out.addAll(options);
        if (commandMode) {
            out.add(commandText); // after the options, `--` included, as bash expects
        }
        out.addAll(positional);
        return out;
    }
}
