package io.yikatong.samples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.yikatong.samples.cli.AgentCommand;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent's token file: born owner-only, fixed (and said so) when others can read it, never half-written. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AgentTokenTest {

    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
    }

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewTokenFileAndItsDirectoryAreOwnerOnly() throws Exception {
        Path file = dir.resolve("new-home").resolve(".yikatong").resolve("agent-token");
        List<String> warnings = new ArrayList<>();
        String token = AgentToken.loadOrCreate(file, warnings::add);
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
        assertEquals("rw-------", mode(file));
        assertEquals("rwx------", mode(file.getParent()));
        assertEquals(token + "\n", Files.readString(file));
        assertEquals(List.of(), warnings);
        assertEquals(token, AgentToken.loadOrCreate(file, warnings::add));
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList(), "no temporary file left behind");
        }
    }

    @Test
    void aTokenFileOthersCanReadIsFixedWithAWarning() throws Exception {
        // mode found → mode after the agent started; group read is a deliberate set-up (the Debian package: 640)
        List<String[]> cases = List.of(new String[] {"rw-r--r--", "rw-r-----"}, new String[] {"rw-rw----", "rw-r-----"},
                new String[] {"rw----r--", "rw-------"}, new String[] {"rw-rw-rw-", "rw-r-----"},
                new String[] {"rw-----w-", "rw-------"}, new String[] {"rw-------", "rw-------"},
                new String[] {"rw-r-----", "rw-r-----"});
        for (String[] c : cases) {
            String loose = c[0];
            Path file = dir.resolve("token-" + loose.replace('-', '_'));
            String token = "A".repeat(43);
            Files.writeString(file, token + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(loose));
            List<String> warnings = new ArrayList<>();
            assertEquals(token, AgentToken.loadOrCreate(file, warnings::add));
            assertEquals(c[1], mode(file), loose);
            if (loose.equals(c[1])) {
                assertEquals(List.of(), warnings);
            } else {
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains(file.toString()) && warnings.get(0).contains(loose)
                        && warnings.get(0).contains(c[1]), warnings.get(0));
                assertTrue(!warnings.get(0).contains(token), "the warning does not carry the token");
            }
        }
    }

    @Test
    void agentsStartingAtOnceShareOneCompleteToken() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 40; round++) {
                Path file = dir.resolve("race-" + round).resolve("agent-token");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return AgentToken.loadOrCreate(file);
                    }));
                }
                go.countDown();
                Set<String> tokens = new HashSet<>();
                for (Future<String> f : results) {
                    tokens.add(f.get(30, TimeUnit.SECONDS));   // never "does not hold a token": no half-written file
                }
                assertEquals(1, tokens.size(), "round " + round + ": " + tokens);
                assertEquals(tokens.iterator().next() + "\n", Files.readString(file));
                assertEquals("rw-------", mode(file));
                try (Stream<Path> s = Files.list(file.getParent())) {
                    assertEquals(List.of(file), s.toList(), "no temporary file left behind");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theAgentFixesAReadableTokenFileAndSaysSo() throws Exception {
        Path file = dir.resolve("agent-token");
        Files.writeString(file, "B".repeat(43) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (AgentServer agent = AgentCommand.start(List.of("--port", "0", "--token-file", file.toString(),
                "--journal", dir.resolve("journal").toString()), log::add)) {
            assertTrue(agent.port() > 0);
        }
        assertEquals("rw-r-----", mode(file));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("warning: the token file " + file)
                && l.contains("rw-r--r--")), log.toString());
    }
}
