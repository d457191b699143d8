package dev.airlock.integrations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Stand-ins for the agents' programs: each prints what it would use as its shell by that agent's
 * own rule (src/test/resources/agents/README.md: Claude Code CLAUDE_CODE_SHELL, opencode its inline "shell"
 * then SHELL, Gemini CLI the first bash on PATH, Codex the login shell from the password database),
 * its arguments and pid, and exits 7 (or on SIGTERM writes a file and exits 143).
 */
final class FakeAgents {
    static final int EXIT = 7;

    private FakeAgents() {}

    static Path install(Path dir, String... programs) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("agents-bin"));
        for (String name : programs) {
            Path p = bin.resolve(name);
            Files.writeString(p, String.join("\n",
                    "#!/bin/bash",
                    "if [ \"${1-}\" = --version ]; then echo \"" + name + " 9.8.7\"; exit 0; fi",
                    "echo \"agent=" + name + " args=$*\"",
                    "echo \"pid=$$\"",
                    "echo \"claude_code_shell=${CLAUDE_CODE_SHELL-}\"",
                    "echo \"opencode_config=${OPENCODE_CONFIG_CONTENT-}\"",
                    "echo \"shell=${SHELL-}\"",
                    "echo \"first_bash=$(type -P bash)\"",
                    "echo \"login_shell=$(getent passwd \"$(id -u)\" | cut -d: -f7)\"",
                    "if [ -n \"${FAKE_AGENT_WAIT-}\" ]; then",
                    "  trap 'echo got-TERM > \"$FAKE_AGENT_WAIT\"; exit 143' TERM",
                    "  echo ready > \"$FAKE_AGENT_WAIT.ready\"",
                    "  while :; do sleep 0.1; done",
                    "fi",
                    "exit " + EXIT, ""));
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }
}
