package dev.airlock.analysis;

import java.util.List;

/**
 * What `echo`, `printf` and `pwd` print when their arguments are static: the text `$(echo rm) -rf ~`
 * runs, or `echo 'rm -rf ~' | sh` feeds a shell. Only the plain cases are read; anything else (escapes,
 * `echo -e`, printf conversions other than `%s`) is left unknown, as run-time output is.
 */
final class ConstantOutput {
    private ConstantOutput() {}

    /** The output of {@code program} with {@code args}, or null when it is not statically known. */
    static String of(String program, List<Arg> args, String cwd) {
        if (args.stream().anyMatch(Arg::dynamic)) {
            return null;
        }
        List<String> values = args.stream().map(Arg::value).toList();
        return switch (program) {
            case "echo" -> echo(values);
            case "printf" -> printf(values);
            case "pwd" -> values.stream().allMatch(v -> v.equals("-L") || v.equals("-P")) && cwd != null ? cwd + "\n" : null;
            default -> null;
        };
    }

    private static String echo(List<String> args) {
        boolean newline = true;
        int k = 0;
        for (; k < args.size() && args.get(k).matches("-[nEe]+"); k++) {
            if (args.get(k).contains("e")) {
                return null; // escapes: leave it to run time
            }
            newline &= !args.get(k).contains("n");
        }
        List<String> words = args.subList(k, args.size());
        if (words.stream().anyMatch(w -> w.indexOf('\\') >= 0)) {
            return null; // xpg_echo would read escapes
        }
        return String.join(" ", words) + (newline ? "\n" : "");
    }

    /** `printf FORMAT ARGS...` with a format of text, `\n`, `\t` and `%s` only; the format repeats over the arguments. */
    private static String printf(List<String> args) {
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            return null;
        }
        String format = args.get(0);
        if (!format.replace("%s", "").replace("%%", "").replace("\\n", "").replace("\\t", "").matches("[^%\\\\]*")) {
            return null;
        }
        List<String> rest = args.subList(1, args.size());
        int slots = (format.replace("%%", "").length() - format.replace("%%", "").replace("%s", "").length()) / 2;
        StringBuilder out = new StringBuilder();
        int next = 0;
        do {
            StringBuilder one = new StringBuilder();
            for (int k = 0; k < format.length(); k++) {
                char c = format.charAt(k);
                if (c == '%' && k + 1 < format.length() && format.charAt(k + 1) == 's') {
                    one.append(next < rest.size() ? rest.get(next) : "");
                    next++;
                    k++;
                } else if (c == '%' && k + 1 < format.length() && format.charAt(k + 1) == '%') {
                    one.append('%');
                    k++;
                } else if (c == '\\' && k + 1 < format.length()) {
                    one.append(format.charAt(k + 1) == 'n' ? '\n' : '\t');
                    k++;
                } else {
                    one.append(c);
                }
            }
            out.append(one);
        } while (slots > 0 && next < rest.size());
        return out.toString();
    }
}
