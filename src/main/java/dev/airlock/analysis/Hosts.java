package dev.airlock.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network destinations a command names statically: hosts of URLs (`https://host/...`), of scp
 * and git remotes (`user@host:path`), and the host operand of ssh-like programs. A destination that
 * is built at run time is listed as `?`, so a policy that allows only some hosts never allows it.
 */
final class Hosts {
    private static final Pattern URL = Pattern.compile("^(?:[a-zA-Z][a-zA-Z0-9+.-]*)://(?:[^@/]*@)?(\\[[^]]+]|[^/:?#]+)");
    private static final Pattern REMOTE = Pattern.compile("^(?:[A-Za-z0-9._-]+@)?([A-Za-z0-9.-]+\\.[A-Za-z]{2,}|localhost):.*");
    /** Programs whose first operand is a host: `ssh [user@]host`, `nc host port`, `ping host`. */
    private static final Set<String> HOST_FIRST = Set.of("ssh", "mosh", "sftp", "telnet", "nc", "ncat", "netcat",
            "ping", "ping6", "dig", "host", "nslookup", "traceroute", "mtr", "whois", "ftp", "lftp", "sshpass");
    /** Options of those programs that take a value, so the value is not read as the host. */
    private static final Set<String> VALUE_OPTIONS = Set.of("-p", "-i", "-l", "-o", "-F", "-J", "-L", "-R", "-D", "-W",
            "-c", "-w", "-s", "-t", "-q", "-b", "-e", "-x", "-P", "-S", "-I", "-E", "-O", "-m");

    private Hosts() {}

    static List<String> of(String program, List<Arg> args) {
        List<String> out = new ArrayList<>();
        for (Arg a : args) {
            String v = a.value();
            if (v == null) {
                continue;
            }
            String candidate = v.startsWith("@") ? v.substring(1) : v;
            int eq = candidate.indexOf('=');
            if (eq > 0 && candidate.startsWith("--")) {
                candidate = candidate.substring(eq + 1);
            }
            // Both forms need a ':'; most arguments have none and skip the matchers.
            int colon = candidate.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            Matcher url = URL.matcher(candidate);
            if (url.find()) {
                out.add(url.group(1).toLowerCase(Locale.ROOT));
                continue;
            }
            Matcher remote = REMOTE.matcher(candidate);
            if (remote.matches() && !candidate.startsWith("-")) {
                out.add(remote.group(1).toLowerCase(Locale.ROOT));
            }
        }
        if (program != null && HOST_FIRST.contains(program)) {
            for (int k = 0; k < args.size(); k++) {
                Arg a = args.get(k);
                if (a.value() == null) {
                    out.add("?");
                    break;
                }
                String v = a.value();
                if (v.startsWith("-")) {
                    if (VALUE_OPTIONS.contains(v)) {
                        k++;
                    }
                    continue;
                }
                String host = v.contains("@") ? v.substring(v.indexOf('@') + 1) : v;
                out.add(host.toLowerCase(Locale.ROOT));
                break;
            }
        }
        for (Arg a : args) {
            if (a.value() == null && (a.source().contains("://") || a.source().contains("@"))) {
                out.add("?"); // a destination built at run time
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(out));
    }
}
