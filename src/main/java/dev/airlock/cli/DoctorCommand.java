package dev.airlock.cli;

import dev.airlock.integrations.Doctor;
import dev.airlock.integrations.Install;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `airlock doctor`: check the installation and each agent's setup, and say what to fix. */
@Command(name = "doctor", mixinStandardHelpOptions = true, description = {
        "Check the installation, policies, audit log, console and agents' setup, and say what to fix.",
        "Checks Java, the installation, the policy files, the audit log, the console, the resident server and",
        "each agent's setup. Changes nothing.",
        "Exit status: 0 no problems, 1 problems (the FAIL lines), 2 usage error."})
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return new Doctor(System.getenv(), System.getProperty("user.dir"), Install.current()).print(spec.commandLine().getOut());
    }
}
