package io.github.netconn.dist;

import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.SambaServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The server the package's ahead-of-time cache is trained against (dist/build-packages.sh): the
 * testkit's Samba, with one connection held to DATA, so that the training run goes through
 * everything a real call does (negotiate, logon, encryption, the DCE/RPC call, the output).
 * Writes the password to {@code args[0]} (mode 600), prints the server name on standard output,
 * and stops the Samba when standard input ends.
 */
public final class TrainingServer {

    private TrainingServer() {
    }

    public static void main(String[] args) throws IOException {
        Path passwordFile = Path.of(args[0]);
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, Account.ADMIN.password(), StandardCharsets.UTF_8);
        try (SambaServer samba = SambaServer.start(); SambaServer.Held held = samba.connect(Account.ADMIN, "DATA")) {
            held.open("readme.txt");
            System.out.println(Account.ADMIN.domain() + "\\" + Account.ADMIN.user() + " " + samba.serverName());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the script closes our standard input
            }
        }
    }
}
