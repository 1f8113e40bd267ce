package io.yikatong.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTransport;
import io.yikatong.card.pcsc.PcscReader;
import io.yikatong.card.pcsc.PcscReaders;
import io.yikatong.testkit.card.VpcdCardBridge;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.testkit.card.VirtualSam;
import io.yikatong.testkit.card.VirtualSocialSecurityCards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code yikatong card …}: the card commands. Failures of the card link end with one line on stderr and an exit
 * status of its own: {@link #NO_SERVICE} (the PC/SC service is not running), {@link #NO_READER} (no reader, or none
 * matching), {@link #NO_CARD} (the reader is empty or the card was pulled), {@link #UNKNOWN_CARD} (the card is neither
 * a resident health card nor a social security card).
 */
final class CardCommands {

    /** Exit status: the PC/SC service (pcscd) is not running or the PC/SC library is missing. */
    static final int NO_SERVICE = 4;
    /** Exit status: no reader (or none matching the given name). */
    static final int NO_READER = 5;
    /** Exit status: no card in the reader, or the card was removed. */
    static final int NO_CARD = 6;
    /** Exit status: the card answers, but is not a card this tool knows. */
    static final int UNKNOWN_CARD = 7;

    static final ObjectMapper JSON = new ObjectMapper();

    private CardCommands() {
    }

    static List<Command> all() {
        return List.of(new ReadersCommand(), new CardReadCommand(), new ServeCommand());
    }

    /** Maps a link failure to its exit status and prints one line. */
    static int linkFailure(CardLinkException e, Command.Io io, boolean readerNamed) {
        if (e.isTimeout()) {
            // a frozen card or hung reader: one line, exit 3 (failure); the deadline is --card-timeout
            io.err().println("yikatong: card timeout: " + e.getMessage()
                    + " (--card-timeout SECONDS sets the deadline)");
            return Command.FAILED;
        }
        io.err().println("yikatong: " + e.getMessage());
        if (e.errorCode() == CardErrorCode.NO_CARD || e.errorCode() == CardErrorCode.CARD_REMOVED) {
            return NO_CARD;
        }
        if (e.errorCode() == CardErrorCode.READER_UNAVAILABLE) {
            return readerNamed && !e.getMessage().contains("service") && !e.getMessage().contains("library")
                    ? NO_READER : NO_SERVICE;
        }
        return Command.FAILED;
    }

    /** {@code card readers}: reader names and whether a card is present. */
    static final class ReadersCommand implements Command {
        @Override
        public String name() {
            return "card readers";
        }

        @Override
        public String synopsis() {
            return "card readers [--json]   list PC/SC readers and whether a card is present";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of(), Set.of("json"));
            args.requireNoPositional();
            List<PcscReader> readers;
            try {
                readers = PcscReaders.open().list();
            } catch (CardLinkException e) {
                return linkFailure(e, io, false);
            }
            if (args.flag("json")) {
                ObjectNode root = JSON.createObjectNode();
                ArrayNode list = root.putArray("readers");
                for (PcscReader r : readers) {
                    list.addObject().put("name", r.name()).put("cardPresent", r.cardPresent());
                }
                io.out().println(JSON.writeValueAsString(root));
            } else {
                for (PcscReader r : readers) {
                    io.out().println((r.cardPresent() ? "card    " : "empty   ") + r.name());
                }
            }
            if (readers.isEmpty()) {
                io.err().println("yikatong: the PC/SC service runs but has no reader");
                return NO_READER;
            }
            return OK;
        }
    }

    /** {@code card serve}: serves a virtual card to pcscd through vpcd until interrupted. */
    static final class ServeCommand implements Command {
        @Override
        public String name() {
            return "card serve";
        }

        @Override
        public String synopsis() {
            return "card serve (--profile FILE | --example health|sam|ssc) [--reader-port 35963]   serve a virtual card to"
                    + " pcscd through vsmartcard's vpcd until interrupted";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("profile", "example", "reader-port"), Set.of());
            args.requireNoPositional();
            Optional<String> profile = args.option("profile");
            Optional<String> example = args.option("example");
            if (profile.isPresent() == example.isPresent()) {
                throw new UsageException("give exactly one of --profile FILE and --example health");
            }
            int port = VpcdCardBridge.DEFAULT_PORT;
            if (args.option("reader-port").isPresent()) {
                try {
                    port = Integer.parseInt(args.option("reader-port").get());
                } catch (NumberFormatException e) {
                    throw new UsageException("--reader-port must be a number");
                }
                if (port < 1 || port > 65535) {
                    throw new UsageException("--reader-port must be 1..65535");
                }
            }
            CardTransport card;
            String what;
            if (example.isPresent()) {
                switch (example.get()) {
                    case "health" -> {
                        card = VirtualHealthCards.transport(VirtualHealthCards.examplePersonalisation());
                        what = "the example resident health card (DF01-DF03 filled, one signed visit)";
                    }
                    case "sam" -> {
                        card = VirtualSam.transport(VirtualSam.example());
                        what = "the example health-card SAM (PIN 123456)";
                    }
                    case "ssc" -> {
                        card = VirtualSocialSecurityCards.transport(VirtualSocialSecurityCards.example());
                        what = "the example social security card (3.0)";
                    }
                    default -> throw new UsageException("--example must be one of: health, sam, ssc");
                }
            } else {
                Path file = CliFiles.existing(profile.get(), "--profile");
                byte[] json = Files.readAllBytes(file);
                com.fasterxml.jackson.databind.JsonNode root;
                try {
                    root = JSON.readTree(json);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new UsageException(file + " is not JSON: " + e.getOriginalMessage());
                }
                if (root != null && root.has("atrHistoricalBytes")) {
                    card = VirtualSocialSecurityCards.transport(
                            VirtualSocialSecurityCards.fromJson(new java.io.ByteArrayInputStream(json)));
                    what = "the social security card of " + file;
                } else if (root != null && root.has("samSerial")) {
                    card = VirtualSam.transport(VirtualSam.fromJson(new java.io.ByteArrayInputStream(json)));
                    what = "the SAM of " + file;
                } else {
                    card = VirtualHealthCards.transport(VirtualHealthCards.personalisationFromJson(
                            new java.io.ByteArrayInputStream(json)));
                    what = "the resident health card of " + file;
                }
            }
            CountDownLatch stop = new CountDownLatch(1);
            try (VpcdCardBridge bridge = VpcdCardBridge.start(card, port)) {
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "yikatong-serve-stop"));
                io.out().println("serving " + what + " to vpcd at 127.0.0.1:" + port + " (Ctrl-C to stop)");
                io.out().flush();
                stop.await();
            }
            return OK;
        }
    }
}
