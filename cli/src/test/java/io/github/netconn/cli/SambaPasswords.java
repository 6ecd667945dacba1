package io.github.netconn.cli;

import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.SambaServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Changes an account's password inside one running Samba fixture, so that this one server
 * refuses the password the others accept. The testkit has no such method; this finds the
 * fixture's container by its label and port and runs smbpasswd in it through the docker
 * CLI (the new password goes on smbpasswd's standard input, not on a command line).
 */
final class SambaPasswords {

    private SambaPasswords() {
    }

    static void change(SambaServer samba, Account account, String newPassword) throws IOException, InterruptedException {
        String container = null;
        for (String id : docker("ps", "-q", "--filter", "label=netconn-testkit").split("\\s+")) {
            if (!id.isBlank() && docker("inspect", "--format", "{{range .Config.Env}}{{println .}}{{end}}", id)
                    .lines().anyMatch(line -> line.equals("SMB_PORT=" + samba.port()))) {
                container = id;
            }
        }
        if (container == null) {
            throw new IllegalStateException("no running Samba container with SMB_PORT=" + samba.port());
        }
        Process p = new ProcessBuilder("docker", "exec", "-i", container, "smbpasswd", "-s", account.user())
                .redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((newPassword + "\n" + newPassword + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("smbpasswd failed: " + output);
        }
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
