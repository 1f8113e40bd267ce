package io.yikatong.samples.cli;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.crypto.DecryptionException;
import io.yikatong.core.crypto.InsecureKeyAccess;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Signer;
import io.yikatong.core.crypto.Sm2Verifier;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm3;
import io.yikatong.core.crypto.Sm4Cipher;
import io.yikatong.core.crypto.Sm4GcmStream;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.crypto.Sm4Mode;
import io.yikatong.core.crypto.Sm4Padding;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code crypto} commands: SM3 digests, SM2 keys and signatures, SM4 encryption, interoperable with {@code openssl}.
 *
 * <p>Every command streams its input and output, so memory use does not grow with the file size; outputs appear under
 * their name only when complete.
 */
final class CryptoCommands {

    /** No SM2 signature is longer than this (DER: at most 72 bytes). */
    private static final int MAX_SIGNATURE_BYTES = 1024;

    private CryptoCommands() {
    }

    static List<Command> all() {
        return List.of(new Sm3Command(), new Sm2KeygenCommand(), new Sm2SignCommand(), new Sm2VerifyCommand(),
                new Sm4Command());
    }

    /** {@code crypto sm3 [--in FILE]}. */
    static final class Sm3Command implements Command {
        @Override
        public String name() {
            return "crypto sm3";
        }

        @Override
        public String synopsis() {
            return "crypto sm3 [--in FILE]   lowercase hex SM3 digest of FILE (stdin when absent)";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("in"), Set.of());
            args.requireNoPositional();
            Sm3 sm3 = Sm3.create();
            try (InputStream in = args.option("in").isPresent()
                    ? Files.newInputStream(CliFiles.existing(args.require("in"), "--in")) : io.in()) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    sm3.update(buffer, 0, n);
                }
            }
            io.out().println(Hex.encode(sm3.digest()));
            return OK;
        }
    }

    /** {@code crypto sm2-keygen --private FILE --public FILE [--force]}. */
    static final class Sm2KeygenCommand implements Command {
        @Override
        public String name() {
            return "crypto sm2-keygen";
        }

        @Override
        public String synopsis() {
            return "crypto sm2-keygen --private FILE --public FILE [--force]   new SM2 key pair as PEM (PKCS#8, SPKI);"
                    + " existing files are kept unless --force";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("private", "public"), Set.of("force"));
            args.requireNoPositional();
            Path privateFile = CliFiles.output(args.require("private"), "--private");
            Path publicFile = CliFiles.output(args.require("public"), "--public");
            if (privateFile.toAbsolutePath().equals(publicFile.toAbsolutePath())) {
                throw new UsageException("--private and --public must be different files");
            }
            boolean force = args.flag("force");
            CliFiles.refuseOverwrite(privateFile, force);
            CliFiles.refuseOverwrite(publicFile, force);
            Sm2KeyPair pair = Sm2KeyPair.generate(new SecureRandom());
            // Writing a cleartext private key to disk: acceptable for a CLI tool and tests; production keys belong
            // in a PSAM or an HSM.
            CliFiles.create(privateFile,
                    pair.privateKey().toPkcs8Pem(InsecureKeyAccess.get()).getBytes(StandardCharsets.US_ASCII), true,
                    force);
            CliFiles.create(publicFile, pair.publicKey().toX509Pem().getBytes(StandardCharsets.US_ASCII), false, force);
            io.out().println("wrote " + privateFile + " (private, PKCS#8 PEM) and " + publicFile + " (public, SPKI PEM)");
            return OK;
        }
    }

    /** {@code crypto sm2-sign --key PEM [--id ID] [--format der|raw] --in FILE --out FILE}. */
    static final class Sm2SignCommand implements Command {
        @Override
        public String name() {
            return "crypto sm2-sign";
        }

        @Override
        public String synopsis() {
            return "crypto sm2-sign --key PEM [--id ID] [--format der|raw] --in FILE --out FILE   SM2 signature"
                    + " (DER by default; ID defaults to 1234567812345678)";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("key", "id", "format", "in", "out"), Set.of());
            args.requireNoPositional();
            Sm2PrivateKey key = Sm2PrivateKey.fromPem(CliFiles.readString(args.require("key"), "--key"));
            Path messageFile = CliFiles.existing(args.require("in"), "--in");
            Path outFile = CliFiles.output(args.require("out"), "--out");
            Sm2Signer.Builder builder = Sm2Signer.builder(key).format(format(args));
            if (args.option("id").isPresent()) {
                builder.userId(args.require("id"));
            }
            Sm2Signer signer = builder.build();
            byte[] signature;
            try (InputStream message = Files.newInputStream(messageFile)) {
                signature = signer.sign(message);
            }
            CliFiles.write(outFile, signature);
            return OK;
        }
    }

    /** {@code crypto sm2-verify --public PEM [--id ID] [--format der|raw] --in FILE --sig FILE}. */
    static final class Sm2VerifyCommand implements Command {
        @Override
        public String name() {
            return "crypto sm2-verify";
        }

        @Override
        public String synopsis() {
            return "crypto sm2-verify --public PEM [--id ID] [--format der|raw] --in FILE --sig FILE   prints valid"
                    + " (exit 0) or invalid: REASON (exit 1)";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("public", "id", "format", "in", "sig"), Set.of());
            args.requireNoPositional();
            Sm2PublicKey key = Sm2PublicKey.fromPem(CliFiles.readString(args.require("public"), "--public"));
            Path messageFile = CliFiles.existing(args.require("in"), "--in");
            byte[] signature = CliFiles.readAtMost(CliFiles.existing(args.require("sig"), "--sig"), MAX_SIGNATURE_BYTES);
            Sm2Verifier.Builder builder = Sm2Verifier.builder(key).format(format(args));
            if (args.option("id").isPresent()) {
                builder.userId(args.require("id"));
            }
            Sm2Verifier verifier = builder.build();
            if (signature == null) {
                io.out().println("invalid: --sig is longer than any SM2 signature");
                return NEGATIVE;
            }
            try (InputStream message = Files.newInputStream(messageFile)) {
                verifier.verify(message, signature);
                io.out().println("valid");
                return OK;
            } catch (SignatureVerificationException e) {
                io.out().println("invalid: " + e.getMessage());
                return NEGATIVE;
            }
        }
    }

    /** {@code crypto sm4 --encrypt|--decrypt --mode ecb|cbc|ctr|gcm --key HEX [--iv HEX] [--padding pkcs7|none] ...}. */
    static final class Sm4Command implements Command {
        @Override
        public String name() {
            return "crypto sm4";
        }

        @Override
        public String synopsis() {
            return "crypto sm4 --encrypt|--decrypt --mode ecb|cbc|ctr|gcm --key HEX [--iv HEX] [--padding pkcs7|none]"
                    + " [--aad TEXT] --in FILE --out FILE   (padding: pkcs7 for ecb/cbc, none for ctr; gcm: the SDK's"
                    + " segmented SM4-GCM stream format, authenticated, no --iv)";
        }

        @Override
        public int run(List<String> argv, Io io) throws Exception {
            Args args = Args.parse(argv, Set.of("mode", "key", "iv", "padding", "aad", "in", "out"),
                    Set.of("encrypt", "decrypt"));
            args.requireNoPositional();
            if (args.flag("encrypt") == args.flag("decrypt")) {
                throw new UsageException("give exactly one of --encrypt and --decrypt");
            }
            boolean encrypt = args.flag("encrypt");
            String modeName = args.require("mode").toLowerCase(Locale.ROOT);
            Sm4Key key = Sm4Key.of(hex(args.require("key"), "--key"));
            byte[] iv = args.option("iv").isPresent() ? hex(args.require("iv"), "--iv") : null;
            Path inFile = CliFiles.existing(args.require("in"), "--in");
            Path outFile = CliFiles.output(args.require("out"), "--out");
            if (modeName.equals("gcm")) {
                if (iv != null) {
                    throw new UsageException("--iv must not be given for gcm (each stream draws its own nonces)");
                }
                if (args.option("padding").isPresent()) {
                    throw new UsageException("--padding must not be given for gcm");
                }
                byte[] aad = args.option("aad").map(a -> a.getBytes(StandardCharsets.UTF_8)).orElse(null);
                Sm4GcmStream aead = Sm4GcmStream.of(key);
                stream(inFile, outFile, (in, out) -> {
                    if (encrypt) {
                        aead.encrypt(in, out, aad);
                    } else {
                        aead.decrypt(in, out, aad);
                    }
                });
                return OK;
            }
            if (args.option("aad").isPresent()) {
                throw new UsageException("--aad is only for gcm");
            }
            Sm4Mode mode = switch (modeName) {
                case "ecb" -> Sm4Mode.ECB;
                case "cbc" -> Sm4Mode.CBC;
                case "ctr" -> Sm4Mode.CTR;
                default -> throw new UsageException("--mode must be ecb, cbc, ctr or gcm");
            };
            Sm4Padding padding = switch (args.option("padding").orElse(mode == Sm4Mode.CTR ? "none" : "pkcs7")
                    .toLowerCase(Locale.ROOT)) {
                case "pkcs7" -> Sm4Padding.PKCS7;
                case "none" -> Sm4Padding.NONE;
                default -> throw new UsageException("--padding must be pkcs7 or none");
            };
            if (mode != Sm4Mode.ECB && iv == null) {
                throw new UsageException("--iv is required for " + mode.name().toLowerCase(Locale.ROOT));
            }
            if (mode == Sm4Mode.ECB && iv != null) {
                throw new UsageException("--iv must not be given for ecb");
            }
            Sm4Cipher cipher = Sm4Cipher.builder().key(key).mode(mode).padding(padding).build();
            stream(inFile, outFile, (in, out) -> {
                if (encrypt) {
                    cipher.encrypt(iv, in, out);
                } else {
                    cipher.decrypt(iv, in, out);
                }
            });
            return OK;
        }
    }

    /** One streaming transformation of an input file into an output file. */
    @FunctionalInterface
    private interface Transform {
        void apply(InputStream in, OutputStream out) throws IOException, DecryptionException;
    }

    /**
     * Runs {@code transform} from {@code inFile} into {@code outFile} in bounded memory; the output file appears only if
     * it succeeds. A ciphertext that does not decrypt is bad input (exit 2), reported in one line.
     */
    private static void stream(Path inFile, Path outFile, Transform transform) throws IOException, UsageException {
        CliFiles.writeStreaming(outFile, out -> {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(inFile), 64 * 1024)) {
                transform.apply(in, out);
            } catch (DecryptionException e) {
                throw new UsageException("cannot decrypt --in: " + e.getMessage(), e);
            }
        });
    }

    private static Sm2SignatureFormat format(Args args) throws UsageException {
        return switch (args.option("format").orElse("der").toLowerCase(Locale.ROOT)) {
            case "der" -> Sm2SignatureFormat.DER;
            case "raw" -> Sm2SignatureFormat.RAW;
            default -> throw new UsageException("--format must be der or raw");
        };
    }

    private static byte[] hex(String text, String option) throws UsageException {
        try {
            return Hex.parse(text, option);
        } catch (InvalidInputException e) {
            throw new UsageException(option + " is not valid hex: " + e.getMessage(), e);
        }
    }

}
