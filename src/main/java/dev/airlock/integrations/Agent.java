package dev.airlock.integrations;

import java.util.Arrays;
import java.util.Optional;

/** The agents airlock knows how to guard, by the name used on airlock's command line. */
public enum Agent {
    CLAUDE_CODE("claude-code", "Claude Code", "claude", "@anthropic-ai/claude-code"),
    CODEX("codex", "Codex", "codex", "@openai/codex"),
    GEMINI("gemini", "Gemini CLI", "gemini", "@google/gemini-cli"),
    OPENCODE("opencode", "opencode", "opencode", "opencode-ai");

    private final String id;
    private final String title;
    private final String program;
    private final String npmPackage;

    Agent(String id, String title, String program, String npmPackage) {
        this.id = id;
        this.title = title;
        this.program = program;
        this.npmPackage = npmPackage;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The command the agent is started with. */
    public String program() {
        return program;
    }

    /** The npm package it is published as; its package.json gives the version without running it. */
    public String npmPackage() {
        return npmPackage;
    }

    public static Optional<Agent> byId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(Agent::id).toList());
    }
}
