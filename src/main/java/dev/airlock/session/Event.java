package dev.airlock.session;

/** What the session waits for, from the shell's output and from the shell process. */
sealed interface Event {
    /** One of airlock's marks (command started, command ended). */
    record Marked(Mark mark) implements Event {}

    /** The shell printed its prompt (the text between the prompt marks) and waits for a command. */
    record Prompt(byte[] text) implements Event {}

    /** Nobody holds the shell's terminal open any more. */
    record Ended() implements Event {}

    /** The shell process has gone, with this status. */
    record Exited(int status) implements Event {}
}
