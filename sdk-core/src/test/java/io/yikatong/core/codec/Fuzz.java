package io.yikatong.core.codec;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.core.MalformedDataException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Shared fuzz driver: only MalformedDataException may escape a decoder. */
final class Fuzz {

    interface Decoder {
        void decode(byte[] input) throws MalformedDataException;
    }

    private Fuzz() {
    }

    /** Random byte arrays of length 0..300 plus mutations (bit flips, truncations, extensions) of valid inputs. */
    static void run(String name, long seed, int cases, List<byte[]> valid, Decoder decoder) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random rnd = new Random(seed);
            for (int i = 0; i < cases; i++) {
                byte[] input;
                int kind = valid.isEmpty() ? 0 : rnd.nextInt(4);
                if (kind == 0) {
                    input = new byte[rnd.nextInt(301)];
                    rnd.nextBytes(input);
                } else {
                    byte[] base = valid.get(rnd.nextInt(valid.size()));
                    input = mutate(base, kind, rnd);
                }
                try {
                    decoder.decode(input);
                } catch (MalformedDataException expected) {
                    // the only allowed failure
                } catch (Throwable t) {
                    fail(name + ": seed " + seed + " case " + i + " input " + HexFormat.of().formatHex(input)
                            + " threw " + t, t);
                }
            }
        });
    }

    private static byte[] mutate(byte[] base, int kind, Random rnd) {
        byte[] out;
        switch (kind) {
            case 1 -> {
                out = base.clone();
                int flips = 1 + rnd.nextInt(3);
                for (int f = 0; f < flips && out.length > 0; f++) {
                    out[rnd.nextInt(out.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 2 -> out = Arrays.copyOf(base, base.length == 0 ? 0 : rnd.nextInt(base.length));
            default -> {
                out = Arrays.copyOf(base, base.length + 1 + rnd.nextInt(8));
                for (int j = base.length; j < out.length; j++) {
                    out[j] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : 0x81 + rnd.nextInt(4));
                }
                if (out.length > 1 && rnd.nextBoolean()) {
                    // extended / bogus length byte near the start
                    out[Math.min(1 + rnd.nextInt(3), out.length - 1)] = (byte) (0x80 + rnd.nextInt(128));
                }
            }
        }
        return out;
    }
}
