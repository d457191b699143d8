package dev.airlock.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell variables a builtin sets or removes: `export NAME=v`, `declare -n ref=NAME`, `unset NAME`,
 * `read NAME`, `mapfile NAME`, `printf -v NAME`, `getopts spec NAME`, `wait -p NAME`. A name only known at
 * run time is {@link #UNKNOWN_NAME}, since it could be `PATH` or `SHELL`.
 */
final class VariableWrites {
    /** The name of a variable whose name is built at run time (`read "$n"`, `declare "$k=$v"`). */
    static final String UNKNOWN_NAME = "?";

    private static final Set<String> DECLARATIONS = Set.of("export", "declare", "typeset", "local", "readonly");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** `NAME`, `NAME=v`, `NAME+=v`, `NAME[i]=v` at the start of a declaration's argument. */
    private static final Pattern DECLARED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(\\[[^]]*])?(\\+?=(.*))?", Pattern.DOTALL);
    /** A declaration written with a static name and a run-time value: `PATH="$x"`, `'SHELL'=$y`. */
    private static final Pattern STATIC_NAME_SOURCE = Pattern.compile("^['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?\\+?=.*", Pattern.DOTALL);

    private VariableWrites() {}

    static boolean isDeclaration(String program) {
        return DECLARATIONS.contains(program);
    }

    /** What {@code program} with {@code args} assigns or unsets; empty for every other program. */
    static List<Assignment> of(String program, List<Arg> args) {
        List<Assignment> out = new ArrayList<>();
        switch (program) {
            case "export", "declare", "typeset", "local", "readonly" -> declarations(program, args, out);
            case "unset" -> unset(args, out);
            case "read" -> named(args, Set.of("-a", "-d", "-i", "-n", "-N", "-p", "-t", "-u"), Set.of("-a"), "REPLY", false, out);
            case "mapfile", "readarray" -> named(args, Set.of("-d", "-n", "-O", "-s", "-u", "-C", "-c"), Set.of(),
                    "MAPFILE", true, out);
            case "printf" -> optionNames(args, "-v", out);
            case "wait" -> optionNames(args, "-p", out);
            case "getopts" -> {
                List<Arg> operands = operands(args, Set.of());
                if (operands.size() >= 2) {
                    out.add(write(operands.get(1), false));
                }
            }
            default -> { }
        }
        return out;
    }

    private static void declarations(String program, List<Arg> args, List<Assignment> out) {
        // -p prints, -f and -F name functions: no variable changes.
        if (args.stream().anyMatch(a -> isFlagWith(a, 'p') || isFlagWith(a, 'f') || isFlagWith(a, 'F'))) {
            return;
        }
        // `export -n` un-exports; for declare, typeset and local -n makes a nameref
        boolean nameref = !program.equals("export") && args.stream().anyMatch(a -> isFlagWith(a, 'n'));
        for (Arg a : operands(args, Set.of())) {
            if (a.value() != null) {
                Matcher m = DECLARED.matcher(a.value());
                if (!m.matches()) {
                    out.add(new Assignment(UNKNOWN_NAME, null, false));
                    continue;
                }
                out.add(new Assignment(m.group(1), m.group(3) == null ? null : m.group(4), false));
                if (nameref && m.group(4) != null) {
                    // `declare -n r=PATH`: writing r later writes PATH
                    String target = m.group(4);
                    out.add(new Assignment(NAME.matcher(target).matches() ? target : UNKNOWN_NAME, null, false));
                }
                continue;
            }
            Matcher m = STATIC_NAME_SOURCE.matcher(a.source());
            out.add(new Assignment(m.matches() ? m.group(1) : UNKNOWN_NAME, null, false));
        }
    }

    private static void unset(List<Arg> args, List<Assignment> out) {
        if (args.stream().anyMatch(a -> isFlagWith(a, 'f'))) {
            return; // unset -f removes functions
        }
        for (Arg a : operands(args, Set.of())) {
            out.add(write(a, true));
        }
    }

    /** `read [-a NAME] NAME...`, `mapfile [NAME]`: the operands (or the option value) are names. */
    private static void named(List<Arg> args, Set<String> valueOptions, Set<String> nameOptions, String fallback,
            boolean lastOnly, List<Assignment> out) {
        List<Arg> names = new ArrayList<>();
        for (int k = 0; k < args.size(); k++) {
            Arg a = args.get(k);
            String v = a.value();
            if (v != null && v.startsWith("-") && v.length() > 1 && !v.equals("--")) {
                for (int c = 1; c < v.length(); c++) {
                    String opt = "-" + v.charAt(c);
                    if (valueOptions.contains(opt)) {
                        Arg value = c + 1 < v.length() ? new Arg(v.substring(c + 1), a.source(), a.pos(), false, Set.of())
                                : k + 1 < args.size() ? args.get(++k) : null;
                        if (nameOptions.contains(opt) && value != null) {
                            names.add(value);
                        }
                        break;
                    }
                }
                continue;
            }
            if ("--".equals(v)) {
                names.addAll(args.subList(k + 1, args.size()));
                break;
            }
            names.add(a);
        }
        if (names.isEmpty()) {
            out.add(new Assignment(fallback, null, false));
        } else if (lastOnly) {
            out.add(write(names.get(names.size() - 1), false));
        } else {
            names.forEach(n -> out.add(write(n, false)));
        }
    }

    /** `printf -v NAME`, `wait -p NAME`: the option's value is a name. */
    private static void optionNames(List<Arg> args, String option, List<Assignment> out) {
        for (int k = 0; k < args.size(); k++) {
            String v = args.get(k).value();
            if (v == null || !v.startsWith("-") || v.equals("--")) {
                return;
            }
            if (v.equals(option) && k + 1 < args.size()) {
                out.add(write(args.get(k + 1), false));
                return;
            }
            if (v.startsWith(option) && v.length() > option.length()) {
                out.add(new Assignment(v.substring(option.length()), null, false));
                return;
            }
        }
    }

    private static Assignment write(Arg a, boolean unset) {
        String v = a.value();
        if (v != null) {
            Matcher m = DECLARED.matcher(v);
            return new Assignment(m.matches() ? m.group(1) : UNKNOWN_NAME, null, unset);
        }
        return new Assignment(UNKNOWN_NAME, null, unset);
    }

    /** Arguments after the options (words starting with - or +), up to `--`. */
    private static List<Arg> operands(List<Arg> args, Set<String> valueOptions) {
        List<Arg> out = new ArrayList<>();
        boolean options = true;
        for (int k = 0; k < args.size(); k++) {
            Arg a = args.get(k);
            String v = a.value();
            if (options && v != null && v.equals("--")) {
                options = false;
                continue;
            }
            if (options && v != null && (v.startsWith("-") || v.startsWith("+")) && v.length() > 1) {
                if (valueOptions.contains(v)) {
                    k++;
                }
                continue;
            }
            out.add(a);
        }
        return out;
    }

    private static boolean isFlagWith(Arg a, char letter) {
        String v = a.value();
        return v != null && v.length() > 1 && (v.startsWith("-") || v.startsWith("+")) && !v.startsWith("--")
                && v.indexOf(letter, 1) > 0;
    }
}
