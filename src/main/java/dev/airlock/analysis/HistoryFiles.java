package dev.airlock.analysis;

import java.util.Set;

/** Names of the files where shells and REPLs keep what was typed: passwords and tokens end up there too. */
public final class HistoryFiles {
    private HistoryFiles() {}

    public static final Set<String> NAMES = Set.of(".bash_history", ".zsh_history", ".history", ".sh_history",
            ".python_history", ".node_repl_history", ".psql_history", ".mysql_history", ".lesshst", ".zhistory",
            "fish_history", ".sqlite_history", ".rediscli_history", ".Rhistory", ".irb_history", ".pry_history",
            ".scala_history", ".php_history", ".ksh_history", ".mongosh_history", ".dbshell");
}
