package io.yikatong.card.health;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.health.internal.HealthCardCodec;
import io.yikatong.core.Bytes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Seeded fuzzing: every decoder, fed mutated valid images and random bytes, throws nothing but the typed exception. */
class HealthCardFuzzTest {

    private static final int ITERATIONS = 20_000;

    interface Decoder {
        void decode(List<Bytes> records) throws MalformedCardResponseException;
    }

    private record Target(String name, List<Bytes> valid, Decoder decoder) {
    }

    private static List<Target> targets() {
        List<Target> t = new ArrayList<>();
        t.add(new Target("EF05", HealthCardCodec.encodeIssuerInfo(HealthCardCodecTest.issuer()),
                HealthCardCodec::decodeIssuerInfo));
        t.add(new Target("EF06", HealthCardCodec.encodeHolderInfo(HealthCardCodecTest.holder()),
                HealthCardCodec::decodeHolderInfo));
        t.add(new Target("EF08", HealthCardCodec.encodeContactInfo(HealthCardCodecTest.contact()),
                HealthCardCodec::decodeContactInfo));
        t.add(new Target("DF01EF05", HealthCardCodec.encodeAddressInfo(new AddressInfo("01", "北京", "02", "上海")),
                HealthCardCodec::decodeAddressInfo));
        t.add(new Target("DF01EF06", HealthCardCodec.encodeContactPersons(new ContactPersons(List.of(
                new ContactPerson("李四", "10", "139"), new ContactPerson("王五", "20", "")))),
                HealthCardCodec::decodeContactPersons));
        t.add(new Target("DF01EF07", HealthCardCodec.encodePersonalStatus(new PersonalStatus("20", "21", "1A0")),
                HealthCardCodec::decodePersonalStatus));
        t.add(new Target("DF01EF08", HealthCardCodec.encodeDocumentInfo(new DocumentInfo("01", "X", "Y", "Z")),
                HealthCardCodec::decodeDocumentInfo));
        t.add(new Target("DF02EF05", HealthCardCodec.encodeClinicalData(HealthCardCodecTest.clinical()),
                HealthCardCodec::decodeClinicalData));
        t.add(new Target("DF02EF06", HealthCardCodec.encodeSpecialInfo(new SpecialInfo(FlagValue.NO)),
                HealthCardCodec::decodeSpecialInfo));
        t.add(new Target("DF02EF07", List.of(HealthCardCodec.encodeAllergyRecord(new AllergyRecord("青霉素", "皮疹"))),
                HealthCardCodec::decodeAllergies));
        t.add(new Target("DF02EF08", List.of(HealthCardCodec.encodeImmunisationRecord(
                new ImmunisationRecord("乙肝", Optional.of(java.time.LocalDate.of(2020, 2, 29))))),
                HealthCardCodec::decodeImmunisations));
        Bytes ok = HealthCardCodec.encodeIndexFlag(true);
        Bytes free = HealthCardCodec.encodeIndexFlag(false);
        t.add(new Target("DF03EF05", List.of(ok, free, ok),
                r -> HealthCardCodec.decodeVisitIndex(HealthCardFile.DF03_EF05, r)));
        t.add(new Target("DF03EF06", List.of(ok, free, ok, ok, free),
                r -> HealthCardCodec.decodeVisitIndex(HealthCardFile.DF03_EF06, r)));
        byte[] jpeg = new byte[300];
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        t.add(new Target("EF07", List.of(HealthCardCodec.encodePhoto(new Photo(Bytes.copyOf(jpeg)))),
                r -> HealthCardCodec.decodePhoto(r.get(0))));
        t.add(new Target("ED", List.of(Df03RecordTest.outpatient().image()),
                r -> HealthCardCodec.decodeVisitRecord(HealthCardFile.DF03_ED01, r.get(0)).visitTime()));
        t.add(new Target("EE", List.of(VisitRecord.builder(VisitKind.INPATIENT).item(64, "某某医院").item(66, "20260101")
                .item(138, "01").build().image()),
                r -> HealthCardCodec.decodeVisitRecord(HealthCardFile.DF03_EE01, r.get(0)).admissionDate()));
        return t;
    }

    @Test
    void mutatedAndRandomInputsOnlyThrowTheTypedException() {
        Random random = new Random(0x5EED_4EA1L);
        List<Target> targets = targets();
        int rejected = 0;
        int accepted = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            Target t = targets.get(i % targets.size());
            List<Bytes> input = i % 4 == 3 ? randomRecords(random, t.valid()) : mutate(random, t.valid());
            try {
                t.decoder().decode(input);
                accepted++;
            } catch (MalformedCardResponseException e) {
                rejected++;
                assertTrue(e.file() != null && !e.file().isEmpty());
            } catch (RuntimeException e) {
                fail(t.name() + " iteration " + i + " threw " + e, e);
            }
        }
        // both outcomes must actually occur, or the fuzzer is not exercising anything
        assertTrue(rejected > 1000, "rejected " + rejected);
        assertTrue(accepted > 1000, "accepted " + accepted);
    }

    private static List<Bytes> mutate(Random random, List<Bytes> valid) {
        List<Bytes> out = new ArrayList<>(valid);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int which = random.nextInt(out.size());
            byte[] r = out.get(which).toByteArray();
            switch (random.nextInt(7)) {
                case 0 -> out.remove(which);
                case 1 -> out.add(out.get(which));
                case 2 -> out.set(which, Bytes.copyOf(r, 0, random.nextInt(r.length + 1)));
                case 3 -> {
                    byte[] longer = java.util.Arrays.copyOf(r, r.length + 1 + random.nextInt(4));
                    out.set(which, Bytes.copyOf(longer));
                }
                case 4 -> {
                    if (r.length > 0) {
                        r[random.nextInt(Math.min(r.length, 2))] = (byte) random.nextInt(256);
                    }
                    out.set(which, Bytes.copyOf(r));
                }
                default -> {
                    if (r.length > 0) {
                        r[random.nextInt(r.length)] = (byte) random.nextInt(256);
                    }
                    out.set(which, Bytes.copyOf(r));
                }
            }
            if (out.isEmpty()) {
                out.add(Bytes.empty());
            }
        }
        return out;
    }

    private static List<Bytes> randomRecords(Random random, List<Bytes> valid) {
        List<Bytes> out = new ArrayList<>();
        int n = valid.size() == 1 ? 1 : random.nextInt(valid.size() + 3);
        for (int i = 0; i < n; i++) {
            int template = valid.get(Math.min(i, valid.size() - 1)).length();
            byte[] r = new byte[random.nextBoolean() ? template : random.nextInt(template + 8)];
            random.nextBytes(r);
            out.add(Bytes.copyOf(r));
        }
        return out;
    }
}
