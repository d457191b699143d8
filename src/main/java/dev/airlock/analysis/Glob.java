package dev.airlock.analysis;

import java.util.regex.Pattern;

/** Shell pathname patterns (`*`, `?`, `[...]`) as regular expressions. */
final class Glob {
    private Glob() {}

    static boolean isPattern(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    static Pattern toRegex(String glob) {
        if (glob.endsWith("/**")) {
            // `dir/**` covers the directory itself too.
            String dir = toRegex(glob.substring(0, glob.length() - 3)).pattern();
            return Pattern.compile(dir + "(/.*)?");
        }
        StringBuilder re = new StringBuilder();
        for (int k = 0; k < glob.length(); k++) {
            char c = glob.charAt(k);
            if (c == '*') {
                if (k + 1 < glob.length() && glob.charAt(k + 1) == '*') {
                    re.append(".*");
                    k++;
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int close = glob.indexOf(']', k + 1);
                if (close < 0) {
                    re.append("\\[");
                } else {
                    String body = glob.substring(k + 1, close);
                    if (body.startsWith("!")) {
                        body = "^" + body.substring(1);
                    }
                    re.append('[').append(body.replace("\\", "\\\\")).append(']');
                    k = close;
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
